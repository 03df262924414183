using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// A copy of the graph at one committed version, kept beside the store file (<see cref="FileName"/>), so that an open
/// reads a million nodes and ten million links as a few blocks of bytes instead of as SQLite rows and JSON. The SQLite
/// file stays the record: a copy is read only when it names this store and a version the file has passed through, and
/// the file's journal then says which nodes and links changed since, which are read from the file (see
/// <see cref="GraphFile"/>); a copy that is torn, foreign or too far behind is passed over.
/// </summary>
/// <remarks>
/// Layout, little-endian: the magic "ECOCKPT4", then chunks, each its length, its bytes and an XxHash3 of them. The
/// first chunk holds the header; the second the links as <see cref="LinkRow"/> in identity order; the rest the nodes
/// by nid, <see cref="NodesPerChunk"/> to a chunk. A firm is written field by field (<see cref="FirmFields"/>), its
/// repeated strings and lists (country, province, park, sectors, alliances, sources, roles) each written once and
/// then named by their number; other nodes as their JSON. Written to a file of its own and renamed over the last copy.
/// </remarks>
internal static class StoreCheckpoint
{
    public const string FileName = "graph.checkpoint";
    private const ulong Magic = 0x3554504B434F4345; // "ECOCKPT5" (2: links carry their HS product; 3: profiles field by field; 4: address, ward, placement; 5: identifiers)
    private const int NodesPerChunk = 1 << 15;
    private const int RowsPerWrite = 1 << 16;

    /// <summary>The firm properties the copy writes; a test holds this to <see cref="Firm"/>'s properties, so none is ever dropped.</summary>
    public static readonly string[] FirmFields =
    [
        nameof(Firm.Id), nameof(Firm.Name), nameof(Firm.Sources), nameof(Firm.TaxCode), nameof(Firm.Ownership), nameof(Firm.Country),
        nameof(Firm.OriginCountry), nameof(Firm.Size), nameof(Firm.Roles), nameof(Firm.ProvinceId), nameof(Firm.ParkId), nameof(Firm.SectorIds),
        nameof(Firm.AllianceIds), nameof(Firm.Lat), nameof(Firm.Lng), nameof(Firm.RevenueUsd), nameof(Firm.Note), nameof(Firm.FormerIds),
        nameof(Firm.Employees), nameof(Firm.FoundedYear), nameof(Firm.Capabilities), nameof(Firm.Address), nameof(Firm.WardId),
        nameof(Firm.Placement), nameof(Firm.Identifiers),
    ];

    public sealed record Header(long Version, Guid StoreId, ulong Stamp, int LinkCount, int NodeSlots);

    public sealed record Contents(Header Header, Node?[] Nodes, LinkRow[] Rows);

    public static int RowSize => Unsafe.SizeOf<LinkRow>();

    /// <summary>Writes the copy of a version: its nodes by nid and its links in identity order (exactly the header's count).</summary>
    /// <remarks>
    /// One process writes at a time (a lock file beside the copy; another process writing means this one leaves it), and
    /// not at all when the copy there is of this store at this version or later. Returns whether it wrote.
    /// </remarks>
    public static bool Write(string path, Header header, Func<int, Node?> nodeAt, IEnumerable<LinkRow> rows, CancellationToken cancellationToken)
    {
        FileStream writing;
        try
        {
            writing = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return false;
        }
        using (writing)
        {
            if (ReadHeaderOf(path) is { } there && there.StoreId == header.StoreId && there.Version >= header.Version)
            {
                return false;
            }
            WriteUnder(path, header, nodeAt, rows, cancellationToken);
            return true;
        }
    }

    /// <summary>The header of the copy at a path, unchecked beyond its own chunk (null when there is none).</summary>
    private static Header? ReadHeaderOf(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> magic = stackalloc byte[8];
            return stream.ReadAtLeast(magic, 8, throwOnEndOfStream: false) == 8 && BinaryPrimitives.ReadUInt64LittleEndian(magic) == Magic
                && ReadChunk(stream) is { } head ? ReadHeader(head) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteUnder(string path, Header header, Func<int, Node?> nodeAt, IEnumerable<LinkRow> rows, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> magic = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(magic, Magic);
                stream.Write(magic);
                var buffer = new ArrayBufferWriter<byte>(1 << 16);
                WriteHeader(buffer, header);
                WriteChunk(stream, buffer.WrittenSpan);
                WriteLinks(stream, header.LinkCount, rows, cancellationToken);
                var writer = new NodeWriter();
                for (var from = 0; from < header.NodeSlots; from += NodesPerChunk)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    buffer.ResetWrittenCount();
                    for (var nid = from; nid < Math.Min(header.NodeSlots, from + NodesPerChunk); nid++)
                    {
                        writer.Write(buffer, nodeAt(nid));
                    }
                    WriteChunk(stream, buffer.WrittenSpan);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The copy's contents, or null when there is none, it is not whole, or it is not this store's at a version up to the file's.</summary>
    public static Contents? Read(string path, Guid storeId, long atMostVersion)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            return null;
        }
        try
        {
            using (stream)
            {
                Span<byte> magic = stackalloc byte[8];
                if (stream.ReadAtLeast(magic, 8, throwOnEndOfStream: false) < 8 || BinaryPrimitives.ReadUInt64LittleEndian(magic) != Magic
                    || ReadChunk(stream) is not { } head || ReadHeader(head) is not { } header
                    || header.StoreId != storeId || header.Version > atMostVersion)
                {
                    return null;
                }
                var rows = new LinkRow[header.LinkCount];
                if (!ReadChunkInto(stream, MemoryMarshal.AsBytes(rows.AsSpan())))
                {
                    return null;
                }
                var nodes = new Node?[header.NodeSlots];
                var reader = new NodeReader();
                for (var from = 0; from < header.NodeSlots; from += NodesPerChunk)
                {
                    if (ReadChunk(stream) is not { } chunk || !reader.Read(chunk, nodes, from, Math.Min(header.NodeSlots, from + NodesPerChunk)))
                    {
                        return null;
                    }
                }
                return stream.Position == stream.Length ? new Contents(header, nodes, rows) : null;
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or JsonException or ArgumentException or IndexOutOfRangeException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Removes copies left half-written by a process that stopped while writing one (an hour old or more).</summary>
    public static void RemoveStale(string dataDir)
    {
        try
        {
            foreach (var temp in Directory.EnumerateFiles(dataDir, FileName + ".*.tmp"))
            {
                if (File.GetLastWriteTimeUtc(temp) < DateTime.UtcNow.AddHours(-1))
                {
                    File.Delete(temp);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next open.
        }
    }

    /// <summary>The stamp of a version: a hash of its journal entry (0 when the journal has none), so that a copy made on another line of history is told apart.</summary>
    public static ulong StampOf(long version, string? nodes, string? links, bool exists) =>
        exists ? XxHash3.HashToUInt64(Encoding.UTF8.GetBytes($"{version}\n{nodes ?? "-"}\n{links ?? "-"}")) : 0;

    private static void WriteHeader(ArrayBufferWriter<byte> buffer, Header header)
    {
        var span = buffer.GetSpan(48);
        BinaryPrimitives.WriteInt32LittleEndian(span, RowSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], header.LinkCount);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], header.Version);
        header.StoreId.TryWriteBytes(span[16..32]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], header.Stamp);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], header.NodeSlots);
        buffer.Advance(44);
    }

    private static Header? ReadHeader(byte[] head)
    {
        if (head.Length != 44 || BinaryPrimitives.ReadInt32LittleEndian(head) != RowSize)
        {
            return null;
        }
        var span = head.AsSpan();
        var header = new Header(
            BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
            new Guid(span[16..32]),
            BinaryPrimitives.ReadUInt64LittleEndian(span[32..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[40..]));
        return header.LinkCount < 0 || header.NodeSlots < 0 ? null : header;
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> payload)
    {
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(word, payload.Length);
        stream.Write(word);
        stream.Write(payload);
        BinaryPrimitives.WriteUInt64LittleEndian(word, XxHash3.HashToUInt64(payload));
        stream.Write(word);
    }

    private static void WriteLinks(Stream stream, int count, IEnumerable<LinkRow> rows, CancellationToken cancellationToken)
    {
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(word, (long)count * RowSize);
        stream.Write(word);
        var hash = new XxHash3();
        var buffer = new LinkRow[RowsPerWrite];
        var n = 0;
        var written = 0;
        foreach (var row in rows)
        {
            buffer[n++] = row;
            if (n == buffer.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                written += Flush(n);
                n = 0;
            }
        }
        written += Flush(n);
        if (written != count)
        {
            throw new InvalidOperationException($"store copy: {written} links written for a count of {count}");
        }
        BinaryPrimitives.WriteUInt64LittleEndian(word, hash.GetCurrentHashAsUInt64());
        stream.Write(word);

        int Flush(int rowCount)
        {
            var bytes = MemoryMarshal.AsBytes(buffer.AsSpan(0, rowCount));
            hash.Append(bytes);
            stream.Write(bytes);
            return rowCount;
        }
    }

    private static byte[]? ReadChunk(Stream stream)
    {
        Span<byte> word = stackalloc byte[8];
        if (stream.ReadAtLeast(word, 8, throwOnEndOfStream: false) < 8)
        {
            return null;
        }
        var length = BinaryPrimitives.ReadInt64LittleEndian(word);
        if (length < 0 || length > stream.Length - stream.Position - 8)
        {
            return null;
        }
        var payload = new byte[length];
        stream.ReadExactly(payload);
        stream.ReadExactly(word);
        return BinaryPrimitives.ReadUInt64LittleEndian(word) == XxHash3.HashToUInt64(payload) ? payload : null;
    }

    private static bool ReadChunkInto(Stream stream, Span<byte> target)
    {
        Span<byte> word = stackalloc byte[8];
        if (stream.ReadAtLeast(word, 8, throwOnEndOfStream: false) < 8 || BinaryPrimitives.ReadInt64LittleEndian(word) != target.Length)
        {
            return false;
        }
        var hash = new XxHash3();
        for (var from = 0; from < target.Length; from += 1 << 24)
        {
            var part = target.Slice(from, Math.Min(1 << 24, target.Length - from));
            stream.ReadExactly(part);
            hash.Append(part);
        }
        stream.ReadExactly(word);
        return BinaryPrimitives.ReadUInt64LittleEndian(word) == hash.GetCurrentHashAsUInt64();
    }

    private const byte NoNode = 0;
    private const byte FirmNode = 1;
    private const byte JsonNode = 2;

    /// <summary>Writes nodes; strings and lists that repeat are written the first time and named by their number after.</summary>
    private sealed class NodeWriter
    {
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _lists = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _roles = new(StringComparer.Ordinal);

        public void Write(ArrayBufferWriter<byte> o, Node? node)
        {
            switch (node)
            {
                case null:
                    o.Write([NoNode]);
                    break;
                case Firm f:
                    o.Write([FirmNode]);
                    Text(o, f.Id);
                    Text(o, f.Name);
                    Text(o, f.TaxCode);
                    Text(o, f.Note);
                    Shared(o, f.Country);
                    Shared(o, f.OriginCountry);
                    Shared(o, f.ProvinceId);
                    Shared(o, f.ParkId);
                    Text(o, f.Address);
                    Shared(o, f.WardId);
                    Varint(o, f.Placement is { } placement ? (uint)placement.Method : 0);
                    if (f.Placement is { } placed)
                    {
                        Shared(o, placed.ProvinceId);
                        Shared(o, placed.FormerProvinceId);
                    }
                    List(o, f.Sources);
                    List(o, f.SectorIds);
                    List(o, f.AllianceIds);
                    List(o, f.FormerIds);
                    Roles(o, f.Roles);
                    Varint(o, f.Ownership is { } ownership ? (uint)ownership + 1 : 0);
                    Varint(o, f.Size is { } size ? (uint)size + 1 : 0);
                    o.Write([(byte)((f.Lat is null ? 0 : 1) | (f.Lng is null ? 0 : 2) | (f.RevenueUsd is null ? 0 : 4)
                        | (f.Employees is null ? 0 : 8) | (f.FoundedYear is null ? 0 : 16) | (f.Capabilities is null ? 0 : 32)
                        | (f.Identifiers is null ? 0 : 64))]);
                    foreach (var value in (ReadOnlySpan<double?>)[f.Lat, f.Lng, f.RevenueUsd])
                    {
                        if (value is { } v)
                        {
                            BinaryPrimitives.WriteDoubleLittleEndian(o.GetSpan(8), v);
                            o.Advance(8);
                        }
                    }
                    foreach (var value in (ReadOnlySpan<int?>)[f.Employees, f.FoundedYear])
                    {
                        if (value is { } v)
                        {
                            Varint(o, (uint)v);
                        }
                    }
                    if (f.Capabilities is { } capabilities)
                    {
                        Profile(o, capabilities);
                    }
                    if (f.Identifiers is { } identifiers)
                    {
                        Varint(o, (uint)identifiers.Count);
                        foreach (var identifier in identifiers)
                        {
                            Varint(o, (uint)identifier.Scheme);
                            Text(o, identifier.Value);
                        }
                    }
                    break;
                default:
                    o.Write([JsonNode]);
                    var json = JsonSerializer.SerializeToUtf8Bytes(node, NodeJson.Options);
                    Varint(o, (uint)json.Length);
                    o.Write(json);
                    break;
            }
        }

        /// <summary>A profile field by field: ids, units, issuers and source lists as shared strings and lists.</summary>
        private void Profile(ArrayBufferWriter<byte> o, FirmCapabilities c)
        {
            Varint(o, (uint)c.Products.Count);
            foreach (var p in c.Products)
            {
                Shared(o, p.ProductId);
                Text(o, p.Description);
                OptionalDouble(o, p.AnnualCapacity);
                Shared(o, p.Unit);
                o.Write([p.Verified ? (byte)1 : (byte)0]);
                List(o, p.Sources);
            }
            Varint(o, (uint)c.Processes.Count);
            foreach (var p in c.Processes)
            {
                Shared(o, p.ProcessId);
                Text(o, p.Detail);
                o.Write([p.Verified ? (byte)1 : (byte)0]);
                List(o, p.Sources);
            }
            Varint(o, (uint)c.Certifications.Count);
            foreach (var x in c.Certifications)
            {
                Shared(o, x.StandardId);
                Text(o, x.Number);
                Shared(o, x.Issuer);
                Varint(o, x.IssuedOn is { } issued ? (uint)issued.DayNumber + 1 : 0);
                Varint(o, x.ExpiresOn is { } expires ? (uint)expires.DayNumber + 1 : 0);
                o.Write([x.Verified ? (byte)1 : (byte)0]);
                List(o, x.Sources);
            }
            Varint(o, (uint)c.ExportMarkets.Count);
            foreach (var m in c.ExportMarkets)
            {
                Shared(o, m.Country);
                o.Write([m.Verified ? (byte)1 : (byte)0]);
                List(o, m.Sources);
            }
        }

        private static void OptionalDouble(ArrayBufferWriter<byte> o, double? value)
        {
            o.Write([value is null ? (byte)0 : (byte)1]);
            if (value is { } v)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(o.GetSpan(8), v);
                o.Advance(8);
            }
        }

        private static void Text(ArrayBufferWriter<byte> o, string? text)
        {
            if (text is null)
            {
                Varint(o, 0);
                return;
            }
            var length = Encoding.UTF8.GetByteCount(text);
            Varint(o, (uint)length + 1);
            o.Advance(Encoding.UTF8.GetBytes(text, o.GetSpan(length)));
        }

        private void Shared(ArrayBufferWriter<byte> o, string? value)
        {
            if (value is null)
            {
                Varint(o, 0);
            }
            else if (_strings.TryGetValue(value, out var index))
            {
                Varint(o, (uint)index + 2);
            }
            else
            {
                _strings[value] = _strings.Count;
                Varint(o, 1);
                Text(o, value);
            }
        }

        private void List(ArrayBufferWriter<byte> o, IReadOnlyList<string>? values)
        {
            if (values is null)
            {
                Varint(o, 0);
                return;
            }
            var key = string.Join('\u001f', values) + "\u001e" + values.Count;
            if (_lists.TryGetValue(key, out var index))
            {
                Varint(o, (uint)index + 2);
                return;
            }
            _lists[key] = _lists.Count;
            Varint(o, 1);
            Varint(o, (uint)values.Count);
            foreach (var value in values)
            {
                Shared(o, value);
            }
        }

        private void Roles(ArrayBufferWriter<byte> o, IReadOnlyList<FirmRole> roles)
        {
            var key = string.Join(',', roles.Select(r => (int)r));
            if (_roles.TryGetValue(key, out var index))
            {
                Varint(o, (uint)index + 1);
                return;
            }
            _roles[key] = _roles.Count;
            Varint(o, 0);
            Varint(o, (uint)roles.Count);
            foreach (var role in roles)
            {
                Varint(o, (uint)role);
            }
        }

        private static void Varint(ArrayBufferWriter<byte> o, uint value)
        {
            var span = o.GetSpan(5);
            var n = 0;
            while (value >= 0x80)
            {
                span[n++] = (byte)(value | 0x80);
                value >>= 7;
            }
            span[n++] = (byte)value;
            o.Advance(n);
        }
    }

    /// <summary>Reads what <see cref="NodeWriter"/> wrote, chunk after chunk, keeping its numbered strings and lists (which the nodes then share).</summary>
    private sealed class NodeReader
    {
        private readonly List<string> _strings = [];
        private readonly List<IReadOnlyList<string>> _lists = [];
        private readonly List<IReadOnlyList<FirmRole>> _roles = [];
        private readonly NodeInterner _interner = new();

        public bool Read(byte[] chunk, Node?[] nodes, int from, int to)
        {
            var at = 0;
            for (var nid = from; nid < to; nid++)
            {
                nodes[nid] = ReadNode(chunk, ref at);
            }
            return at == chunk.Length;
        }

        private Node? ReadNode(byte[] b, ref int at)
        {
            switch (b[at++])
            {
                case NoNode:
                    return null;
                case JsonNode:
                    var length = (int)Varint(b, ref at);
                    var node = _interner.Intern(NodeJson.Deserialize(b.AsSpan(at, length)));
                    at += length;
                    return node;
                case FirmNode:
                    var id = Text(b, ref at)!;
                    var name = Text(b, ref at)!;
                    var taxCode = Text(b, ref at);
                    var note = Text(b, ref at);
                    var country = Shared(b, ref at)!;
                    var origin = Shared(b, ref at);
                    var province = Shared(b, ref at);
                    var park = Shared(b, ref at);
                    var address = Text(b, ref at);
                    var ward = Shared(b, ref at);
                    var method = Varint(b, ref at);
                    var placement = method == 0 ? null : _interner.Placement(new Placement(Shared(b, ref at), Shared(b, ref at), (PlacementMethod)method));
                    var sources = List(b, ref at)!;
                    var sectors = List(b, ref at)!;
                    var alliances = List(b, ref at)!;
                    var formerIds = List(b, ref at);
                    var roles = Roles(b, ref at);
                    var ownership = Varint(b, ref at);
                    var size = Varint(b, ref at);
                    var present = b[at++];
                    var lat = (present & 1) != 0 ? Double(b, ref at) : (double?)null;
                    var lng = (present & 2) != 0 ? Double(b, ref at) : (double?)null;
                    var revenue = (present & 4) != 0 ? Double(b, ref at) : (double?)null;
                    var employees = (present & 8) != 0 ? (int)Varint(b, ref at) : (int?)null;
                    var founded = (present & 16) != 0 ? (int)Varint(b, ref at) : (int?)null;
                    FirmCapabilities? profile = null;
                    if ((present & 32) != 0)
                    {
                        profile = Profile(b, ref at);
                    }
                    FirmIdentifier[]? identifiers = null;
                    if ((present & 64) != 0)
                    {
                        identifiers = new FirmIdentifier[Varint(b, ref at)];
                        for (var i = 0; i < identifiers.Length; i++)
                        {
                            var scheme = (Rules.IdentifierScheme)Varint(b, ref at);
                            identifiers[i] = new FirmIdentifier(scheme, Text(b, ref at) ?? "");
                        }
                    }
                    return new Firm
                    {
                        Id = id,
                        Name = name,
                        TaxCode = taxCode,
                        Note = note,
                        Country = country,
                        OriginCountry = origin,
                        ProvinceId = province,
                        ParkId = park,
                        Address = address,
                        WardId = ward,
                        Placement = placement,
                        Sources = sources,
                        SectorIds = sectors,
                        AllianceIds = alliances,
                        FormerIds = formerIds,
                        Roles = roles,
                        Ownership = ownership == 0 ? null : (Ownership)(ownership - 1),
                        Size = size == 0 ? null : (FirmSize)(size - 1),
                        Lat = lat,
                        Lng = lng,
                        RevenueUsd = revenue,
                        Employees = employees,
                        FoundedYear = founded,
                        Capabilities = profile,
                        Identifiers = identifiers,
                    };
                default:
                    throw new InvalidDataException("store copy: unknown node tag");
            }
        }

        private FirmCapabilities Profile(byte[] b, ref int at)
        {
            var products = new FirmProduct[Varint(b, ref at)];
            for (var i = 0; i < products.Length; i++)
            {
                var id = Shared(b, ref at)!;
                var description = Text(b, ref at);
                var capacity = b[at++] == 0 ? (double?)null : Double(b, ref at);
                var unit = Shared(b, ref at);
                var verified = b[at++] != 0;
                products[i] = new FirmProduct(id, description, capacity, unit, verified, List(b, ref at)!);
            }
            var processes = new FirmProcess[Varint(b, ref at)];
            for (var i = 0; i < processes.Length; i++)
            {
                var id = Shared(b, ref at)!;
                var detail = Text(b, ref at);
                var verified = b[at++] != 0;
                processes[i] = new FirmProcess(id, detail, verified, List(b, ref at)!);
            }
            var certifications = new FirmCertification[Varint(b, ref at)];
            for (var i = 0; i < certifications.Length; i++)
            {
                var standard = Shared(b, ref at)!;
                var number = Text(b, ref at);
                var issuer = Shared(b, ref at);
                var issued = Varint(b, ref at);
                var expires = Varint(b, ref at);
                var verified = b[at++] != 0;
                certifications[i] = new FirmCertification(standard, number, issuer, issued == 0 ? null : DateOnly.FromDayNumber((int)issued - 1),
                    expires == 0 ? null : DateOnly.FromDayNumber((int)expires - 1), verified, List(b, ref at)!);
            }
            var markets = new ExportMarket[Varint(b, ref at)];
            for (var i = 0; i < markets.Length; i++)
            {
                var country = Shared(b, ref at)!;
                var verified = b[at++] != 0;
                markets[i] = new ExportMarket(country, verified, List(b, ref at)!);
            }
            return new FirmCapabilities
            {
                Products = products.Length == 0 ? [] : products,
                Processes = processes.Length == 0 ? [] : processes,
                Certifications = certifications.Length == 0 ? [] : certifications,
                ExportMarkets = markets.Length == 0 ? [] : markets,
            };
        }

        private static double Double(byte[] b, ref int at)
        {
            var value = BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(at, 8));
            at += 8;
            return value;
        }

        private static string? Text(byte[] b, ref int at)
        {
            var length = Varint(b, ref at);
            if (length == 0)
            {
                return null;
            }
            var text = Encoding.UTF8.GetString(b, at, (int)length - 1);
            at += (int)length - 1;
            return text;
        }

        private string? Shared(byte[] b, ref int at)
        {
            var tag = Varint(b, ref at);
            if (tag == 0)
            {
                return null;
            }
            if (tag >= 2)
            {
                return _strings[(int)tag - 2];
            }
            var value = Text(b, ref at) ?? throw new InvalidDataException("store copy: a shared string is null");
            _strings.Add(value);
            return value;
        }

        private IReadOnlyList<string>? List(byte[] b, ref int at)
        {
            var tag = Varint(b, ref at);
            if (tag == 0)
            {
                return null;
            }
            if (tag >= 2)
            {
                return _lists[(int)tag - 2];
            }
            var count = (int)Varint(b, ref at);
            var list = count == 0 ? [] : new string[count];
            for (var i = 0; i < count; i++)
            {
                list[i] = Shared(b, ref at) ?? throw new InvalidDataException("store copy: a list holds a null");
            }
            _lists.Add(list);
            return list;
        }

        private IReadOnlyList<FirmRole> Roles(byte[] b, ref int at)
        {
            var tag = Varint(b, ref at);
            if (tag >= 1)
            {
                return _roles[(int)tag - 1];
            }
            var count = (int)Varint(b, ref at);
            var roles = count == 0 ? [] : new FirmRole[count];
            for (var i = 0; i < count; i++)
            {
                roles[i] = (FirmRole)Varint(b, ref at);
            }
            _roles.Add(roles);
            return roles;
        }

        private static uint Varint(byte[] b, ref int at)
        {
            uint value = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var next = b[at++];
                value |= (uint)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    return value;
                }
            }
            throw new InvalidDataException("store copy: a number runs too long");
        }
    }
}

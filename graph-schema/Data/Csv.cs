using System.Text;

namespace Ecosystem.Graph.Data;

/// <summary>One CSV record with its file and line, read by header name.</summary>
public sealed class CsvRow(string file, int line, IReadOnlyDictionary<string, int> header, string[] fields)
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string this[string column] => Get(column) ?? "";

    /// <summary>The trimmed value of a column, or null when it is empty or missing.</summary>
    public string? Get(string column)
    {
        if (!header.TryGetValue(column, out var index))
        {
            throw new CsvException(File, Line, $"no column '{column}'");
        }
        var value = index < fields.Length ? fields[index].Trim() : "";
        return value.Length == 0 ? null : value;
    }

    public double? Double(string column)
    {
        var value = Get(column);
        if (value is null)
        {
            return null;
        }
        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new CsvException(File, Line, $"column '{column}': '{value}' is not a number");
    }

    public int? Int(string column)
    {
        var value = Get(column);
        if (value is null)
        {
            return null;
        }
        return int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i)
            ? i
            : throw new CsvException(File, Line, $"column '{column}': '{value}' is not a whole number");
    }

    public DateOnly? Date(string column)
    {
        var value = Get(column);
        if (value is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
            ? d
            : throw new CsvException(File, Line, $"column '{column}': '{value}' is not a date (yyyy-MM-dd)");
    }
}

public sealed class CsvException(string file, int line, string message) : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}

/// <summary>RFC 4180 CSV: comma separated, double-quoted fields with "" escapes and embedded newlines; UTF-8, BOM tolerated.</summary>
public static class Csv
{
    /// <summary>A field as written: quoted (with "" for ") when it holds a comma, quote or line break; empty for null.</summary>
    public static string Field(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>One record: the fields quoted as needed, joined by commas.</summary>
    public static string Line(params string?[] fields) => string.Join(',', fields.Select(Field));

    public static IEnumerable<CsvRow> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var row in Read(reader, Path.GetFileName(path)))
        {
            yield return row;
        }
    }

    public static IEnumerable<CsvRow> Read(TextReader reader, string name)
    {
        var line = 1;
        var headerFields = ReadRecord(reader, ref line, name);
        if (headerFields is null)
        {
            yield break;
        }
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headerFields.Length; i++)
        {
            header[headerFields[i].Trim().TrimStart('\uFEFF')] = i;
        }
        while (true)
        {
            var start = line;
            var fields = ReadRecord(reader, ref line, name);
            if (fields is null)
            {
                yield break;
            }
            if (fields.Length == 1 && fields[0].Length == 0)
            {
                continue;
            }
            if (fields.Length > headerFields.Length)
            {
                throw new CsvException(name, start, $"{fields.Length} fields, but the header has {headerFields.Length}");
            }
            yield return new CsvRow(name, start, header, fields);
        }
    }

    private static string[]? ReadRecord(TextReader reader, ref int line, string name)
    {
        var c = reader.Read();
        if (c < 0)
        {
            return null;
        }
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        var start = line;
        while (true)
        {
            if (c < 0)
            {
                if (quoted)
                {
                    throw new CsvException(name, start, "a quoted field is not closed");
                }
                fields.Add(sb.ToString());
                return [.. fields];
            }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        sb.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    sb.Append(ch);
                }
            }
            else if (ch == '"' && sb.Length == 0)
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else if (ch == '\r')
            {
                // CRLF: the LF ends the record.
            }
            else if (ch == '\n')
            {
                line++;
                fields.Add(sb.ToString());
                return [.. fields];
            }
            else
            {
                sb.Append(ch);
            }
            c = reader.Read();
        }
    }
}

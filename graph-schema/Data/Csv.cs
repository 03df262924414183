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
        var value = index < fields.Length ? Csv.Restore(fields[index].Trim()) : "";
        return value.Length == 0 ? null : value;
    }

    /// <summary>The trimmed value of an optional column: null when it is empty or the file has no such column.</summary>
    public string? Optional(string column) => header.ContainsKey(column) ? Get(column) : null;

    /// <summary>Every cell as written in the file (before a neutralising quote is taken off), for checks of the file itself.</summary>
    public IEnumerable<string> RawCells() => fields;

    /// <summary>Every cell of the record with its column's name (cells past the header's columns have none and are left out).</summary>
    public IEnumerable<(string Column, string Value)> Cells()
    {
        foreach (var (column, index) in header)
        {
            if (index < fields.Length)
            {
                yield return (column, fields[index]);
            }
        }
    }

    public double? Number(string column)
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

    public int? WholeNumber(string column)
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
    /// <summary>
    /// A field as written: neutralised when a spreadsheet would read it as a formula (<see cref="Neutralise"/>), then
    /// quoted (with "" for ") when it holds a comma, quote or line break; empty for null.
    /// </summary>
    public static string Field(string? value)
    {
        if (value is null)
        {
            return "";
        }
        value = Neutralise(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>The characters a spreadsheet starts a formula with (OWASP's list): = + - @, tab and carriage return.</summary>
    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>
    /// OWASP's rule against CSV injection: a cell that a spreadsheet would run as a formula (it starts with = + - @, a tab
    /// or a carriage return, <c>=HYPERLINK(...)</c>) is written after a single quote, which spreadsheets show as text.
    /// Plain numbers (<c>-106.5</c>) are left alone. So that import reads back exactly what export wrote, a value that
    /// already starts with quotes before such a character gets one more; <see cref="Restore"/> takes one off.
    /// </summary>
    public static string Neutralise(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] == '\'')
        {
            i++;
        }
        if (i == value.Length || !IsFormulaStart(value[i]) || (i == 0 && IsPlainNumber(value)))
        {
            return value;
        }
        return "'" + value;
    }

    /// <summary>The value <see cref="Neutralise"/> was given: one leading quote off a cell of quotes before a formula character.</summary>
    public static string Restore(string cell)
    {
        var i = 0;
        while (i < cell.Length && cell[i] == '\'')
        {
            i++;
        }
        return i > 0 && i < cell.Length && IsFormulaStart(cell[i]) ? cell[1..] : cell;
    }

    private static bool IsPlainNumber(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
        && value.AsSpan().IndexOfAny("\t\r ") < 0;

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

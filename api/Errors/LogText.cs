using System.Text;

namespace Ecosystem.Api.Errors;

/// <summary>
/// Text that goes into log lines from what a client sent: cut to a short prefix, so that a 100 KB document (which a
/// parser error quotes whole) never makes a 100 KB log line.
/// </summary>
public static class LogText
{
    /// <summary>The longest part of any client-sent text quoted in a log line.</summary>
    public const int MaxQuoted = 200;

    public static string Prefix(string? text) =>
        text is null ? "" : text.Length <= MaxQuoted ? text : string.Concat(text.AsSpan(0, MaxQuoted), $"... ({text.Length} characters)");

    /// <summary>An exception as a log line shows it: each type with its message cut to a prefix, and the stack trace.</summary>
    public static string Describe(Exception exception)
    {
        var sb = new StringBuilder();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (sb.Length > 0)
            {
                sb.Append(" ---> ");
            }
            sb.Append(e.GetType().FullName).Append(": ").Append(Prefix(e.Message));
        }
        sb.AppendLine().Append(exception.StackTrace);
        return sb.ToString();
    }
}

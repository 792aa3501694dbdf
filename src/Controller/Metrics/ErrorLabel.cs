using System.Text;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// The <c>error</c> label value as upstream builds it: the errors joined with <c>|</c>, double
/// quotes turned into single ones (alert rules written for upstream match on that text), then cut
/// to <see cref="PromMetricsOptions.ErrorLabelMaxLength"/> bytes, never inside a UTF-8 character.
/// </summary>
public static class ErrorLabel
{
    public static string Of(IReadOnlyList<string> errors, int maxBytes)
    {
        if (errors.Count == 0)
        {
            return "";
        }

        var text = string.Join('|', errors).Replace('"', '\'');
        if (maxBytes <= 0 || Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = 0;
        var end = 0;
        while (end < text.Length)
        {
            var length = char.IsSurrogatePair(text, end) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(end, length));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            end += length;
        }

        return text[..end];
    }
}

using System.Buffers;
using System.Globalization;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4: a <c># HELP</c> and <c># TYPE</c> line per
/// family, then its samples. Label values are escaped as the format requires (<c>\</c>, <c>"</c>,
/// newline), so no error text can break a scrape; HELP text escapes <c>\</c> and newline. The
/// caller decides the order (families and samples are written as given), which keeps output stable.
/// </summary>
public sealed class PrometheusTextWriter(TextWriter output)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly SearchValues<char> LabelSpecials = SearchValues.Create("\\\n\"");
    private static readonly SearchValues<char> HelpSpecials = SearchValues.Create("\\\n");

    public void Family(string name, string type, string help)
    {
        output.Write("# HELP ");
        output.Write(name);
        output.Write(' ');
        Escape(help, escapeQuote: false);
        output.Write("\n# TYPE ");
        output.Write(name);
        output.Write(' ');
        output.Write(type);
        output.Write('\n');
    }

    public void Sample(string name, double value)
    {
        output.Write(name);
        Value(value);
    }

    public void Sample(string name, string label, string labelValue, double value)
    {
        output.Write(name);
        output.Write('{');
        Label(label, labelValue);
        output.Write('}');
        Value(value);
    }

    public void Sample(string name, string label1, string value1, string label2, string value2, double value)
    {
        output.Write(name);
        output.Write('{');
        Label(label1, value1);
        output.Write(',');
        Label(label2, value2);
        output.Write('}');
        Value(value);
    }

    /// <summary>Any number of labels, written in the order given.</summary>
    public void Sample(string name, ReadOnlySpan<(string Name, string Value)> labels, double value)
    {
        output.Write(name);
        output.Write('{');
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }

            Label(labels[i].Name, labels[i].Value);
        }

        output.Write('}');
        Value(value);
    }

    private void Label(string name, string value)
    {
        output.Write(name);
        output.Write("=\"");
        Escape(value, escapeQuote: true);
        output.Write('"');
    }

    private void Escape(string text, bool escapeQuote)
    {
        // Most values need no escaping: find the next character that does with a vectorized
        // search instead of looking at every character (a 10,000-check scrape has 60,000 lines).
        var rest = text.AsSpan();
        var special = escapeQuote ? LabelSpecials : HelpSpecials;
        int next;
        while ((next = rest.IndexOfAny(special)) >= 0)
        {
            output.Write(rest[..next]);
            output.Write(rest[next] switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                _ => "\\\"",
            });
            rest = rest[(next + 1)..];
        }

        output.Write(rest);
    }

    private void Value(double value)
    {
        output.Write(' ');
        if (double.IsNaN(value))
        {
            output.Write("NaN");
        }
        else if (double.IsInfinity(value))
        {
            output.Write(value > 0 ? "+Inf" : "-Inf");
        }
        else
        {
            Span<char> buffer = stackalloc char[32];
            int written;
            // Most samples are whole numbers (statuses, counts, flags): formatting them as an
            // integer is several times cheaper than the shortest round-trip form, and reads the same.
            if (Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
            {
                ((long)value).TryFormat(buffer, out written, provider: CultureInfo.InvariantCulture);
            }
            else
            {
                value.TryFormat(buffer, out written, "R", CultureInfo.InvariantCulture);
            }

            output.Write(buffer[..written]);
        }

        output.Write('\n');
    }
}

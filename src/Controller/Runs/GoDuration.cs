using System.Globalization;
using System.Text;

namespace HealthChecks.Controller.Runs;

/// <summary>
/// Go's <c>time.Duration</c> text, which khcheck YAMLs and khstates use: parse <c>"1h30m"</c>,
/// <c>"2.5s"</c>, <c>"300ms"</c>; format like Go's <c>Duration.String()</c> (<c>"22.512278967s"</c>
/// is what upstream stores as RunDuration). TimeSpan resolution is 100 ns, so nanoseconds round down.
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("ns", 0.01), ("us", 10), ("µs", 10), ("μs", 10), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return false; // a bare sign, which Go refuses too
        }

        if (s == "0")
        {
            return true;
        }

        double ticks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            var unit = s[unitStart..i];
            var factor = Array.Find(Units, u => u.Unit == unit).Ticks;
            if (factor == 0)
            {
                return false;
            }

            ticks += value * factor;
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(ticks) * (negative ? -1 : 1));
        return true;
    }

    /// <summary>Go's <c>Duration.String()</c>: <c>"1h2m3.5s"</c>, <c>"1.5ms"</c>, <c>"0s"</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            sb.Append('-');
            duration = duration.Duration();
        }

        var ticks = duration.Ticks;
        if (ticks < TimeSpan.TicksPerSecond)
        {
            // Below a second Go picks the largest unit that keeps the integer part non-zero.
            var (unit, per) = ticks >= TimeSpan.TicksPerMillisecond ? ("ms", TimeSpan.TicksPerMillisecond) : ("µs", 10L);
            if (ticks < 10)
            {
                return sb.Append(ticks * 100).Append("ns").ToString();
            }

            return sb.Append(Fraction(ticks, per)).Append(unit).ToString();
        }

        var hours = ticks / TimeSpan.TicksPerHour;
        var minutes = ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute;
        var secondTicks = ticks % TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return sb.Append(Fraction(secondTicks, TimeSpan.TicksPerSecond)).Append('s').ToString();
    }

    private static string Fraction(long ticks, long per)
    {
        var whole = (ticks / per).ToString(CultureInfo.InvariantCulture);
        var rest = ticks % per;
        if (rest == 0)
        {
            return whole;
        }

        var digits = per.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }
}

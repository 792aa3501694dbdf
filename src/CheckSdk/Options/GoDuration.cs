using System.Globalization;

namespace HealthChecks.CheckSdk.Options;

/// <summary>
/// Go's <c>time.ParseDuration</c> format (<c>1m</c>, <c>30s</c>, <c>1h2m3.5s</c>, <c>250ms</c>), which
/// upstream khcheck YAMLs use for durations. A bare number is rejected, as in Go, except <c>0</c>.
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("ns", 0.01), ("us", TimeSpan.TicksPerMicrosecond), ("µs", TimeSpan.TicksPerMicrosecond),
        ("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text?.Trim() ?? "";
        if (s is "0" or "-0" or "+0")
        {
            return true;
        }

        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+'))
        {
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return false;
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

            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            var unit = s[unitStart..i];
            var match = Array.FindIndex(Units, u => u.Unit == unit);
            if (match < 0)
            {
                return false;
            }

            ticks += number * Units[match].Ticks;
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>Formats like Go's <c>Duration.String()</c> for whole seconds and above (<c>1m30s</c>), and <c>250ms</c> below a second.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = duration < TimeSpan.Zero ? "-" : "";
        duration = duration.Duration();
        if (duration < TimeSpan.FromSeconds(1))
        {
            return sign + duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        var hours = (long)duration.TotalHours;
        var seconds = (duration - TimeSpan.FromHours(hours) - TimeSpan.FromMinutes(duration.Minutes)).TotalSeconds;
        var text = seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        if (hours > 0 || duration.Minutes > 0)
        {
            text = duration.Minutes.ToString(CultureInfo.InvariantCulture) + "m" + text;
        }

        if (hours > 0)
        {
            text = hours.ToString(CultureInfo.InvariantCulture) + "h" + text;
        }

        return sign + text;
    }
}

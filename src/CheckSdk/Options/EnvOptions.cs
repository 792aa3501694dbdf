using System.Globalization;

namespace HealthChecks.CheckSdk.Options;

/// <summary>
/// Reads a checker's configuration from environment variables and collects every bad one, so
/// that <see cref="ThrowIfInvalid"/> names all of them in one error instead of the first only.
/// Readers return the default (or an empty value) for a bad variable so that parsing can go on.
/// Blank values count as unset, as in the upstream checks.
/// </summary>
public sealed class EnvOptions(Func<string, string?> source)
{
    private readonly List<string> _problems = [];

    /// <summary>Reads the process environment.</summary>
    public EnvOptions()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public string? Raw(string name)
    {
        var value = source(name)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string Text(string name, string defaultValue) => Raw(name) ?? defaultValue;

    public string Required(string name)
    {
        var value = Raw(name);
        if (value is null)
        {
            AddProblem(name, "required but not set");
        }

        return value ?? "";
    }

    public int Number(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue) =>
        Parse(name, defaultValue, text =>
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"'{text}' is not a whole number");
            }

            return value < min || value > max ? throw new FormatException($"{value} is out of range [{min}, {max}]") : value;
        });

    /// <summary>Go's <c>strconv.ParseBool</c> spellings: 1, t, true, 0, f, false (any case).</summary>
    public bool Flag(string name, bool defaultValue) =>
        Parse(name, defaultValue, text => text.ToUpperInvariant() switch
        {
            "1" or "T" or "TRUE" => true,
            "0" or "F" or "FALSE" => false,
            _ => throw new FormatException($"'{text}' is not a boolean (true or false)"),
        });

    /// <summary>A Go duration such as <c>1m</c> or <c>30s</c> (see <see cref="GoDuration"/>).</summary>
    public TimeSpan Duration(string name, TimeSpan defaultValue, TimeSpan? min = null) =>
        Parse(name, defaultValue, text =>
        {
            if (!GoDuration.TryParse(text, out var value))
            {
                throw new FormatException($"'{text}' is not a duration (e.g. 30s, 1m, 1h30m)");
            }

            return value < (min ?? TimeSpan.Zero)
                ? throw new FormatException($"{GoDuration.Format(value)} is shorter than the minimum {GoDuration.Format(min ?? TimeSpan.Zero)}")
                : value;
        });

    /// <summary>A comma-separated list; blank items are dropped.</summary>
    public IReadOnlyList<string> List(string name) =>
        Raw(name) is { } text
            ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];

    /// <summary><c>k=v,k2=v2</c>, as upstream's NODE_SELECTOR and ADDITIONAL_ENV_VARS.</summary>
    public IReadOnlyDictionary<string, string> KeyValues(string name) =>
        Parse<IReadOnlyDictionary<string, string>>(name, new Dictionary<string, string>(), text =>
        {
            var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new FormatException($"'{item}' is not key=value");
                }

                pairs[item[..eq].Trim()] = item[(eq + 1)..].Trim();
            }

            return pairs;
        });

    /// <summary>
    /// Parses a set variable with <paramref name="parse"/>; a <see cref="FormatException"/> or
    /// <see cref="ArgumentException"/> from it becomes a problem for this variable.
    /// </summary>
    public T Parse<T>(string name, T defaultValue, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (Raw(name) is not { } text)
        {
            return defaultValue;
        }

        try
        {
            return parse(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            AddProblem(name, ex.Message);
            return defaultValue;
        }
    }

    public void AddProblem(string name, string message) => _problems.Add($"{name}: {message}");

    /// <summary>Throws one <see cref="EnvOptionsException"/> listing every problem found so far.</summary>
    public void ThrowIfInvalid()
    {
        if (_problems.Count > 0)
        {
            throw new EnvOptionsException([.. _problems]);
        }
    }
}

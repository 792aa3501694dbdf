using System.Text.Json.Serialization;

namespace HealthChecks.CheckSdk.Reporting;

/// <summary>
/// The report body, <c>{"OK":bool,"Errors":[...]}</c>, with the PascalCase keys the upstream Go
/// client sends. A failure always carries at least one non-blank error: the upstream server
/// answers 400 otherwise, and an empty list must never turn into a silent success.
/// </summary>
public sealed record CheckReport
{
    private CheckReport(bool ok, IReadOnlyList<string> errors) => (OK, Errors) = (ok, errors);

    [JsonPropertyName("OK")]
    public bool OK { get; }

    [JsonPropertyName("Errors")]
    public IReadOnlyList<string> Errors { get; }

    public static CheckReport Success() => new(true, []);

    /// <inheritdoc cref="Failure(IEnumerable{string})"/>
    public static CheckReport Failure(params string[] errors) => Failure((IEnumerable<string>)errors);

    /// <exception cref="ArgumentException">No errors, or a blank one: a programming error.</exception>
    public static CheckReport Failure(IEnumerable<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var list = errors.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("a failure report needs at least one error", nameof(errors));
        }

        if (list.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("a failure report cannot carry a blank error", nameof(errors));
        }

        return new CheckReport(false, list);
    }
}

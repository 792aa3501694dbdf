namespace HealthChecks.CheckSdk.Options;

/// <summary>Every bad environment variable of one options class, in one message.</summary>
public sealed class EnvOptionsException : Exception
{
    public EnvOptionsException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public EnvOptionsException()
        : this([])
    {
    }

    public EnvOptionsException(string message)
        : this([message])
    {
    }

    public EnvOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>One line per bad variable, e.g. <c>KH_RUN_UUID: required but not set</c>.</summary>
    public IReadOnlyList<string> Problems { get; } = [];

    private static string Describe(IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? "invalid configuration: " + problems[0]
            : $"invalid configuration ({problems.Count} problems): " + string.Join("; ", problems);
}

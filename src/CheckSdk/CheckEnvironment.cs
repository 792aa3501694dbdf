using System.Globalization;
using HealthChecks.CheckSdk.Options;

namespace HealthChecks.CheckSdk;

/// <summary>
/// The four variables the controller injects into every checker container (the Kuberhealthy v2
/// contract): where to report, which run this is, the run's deadline, and the pod's namespace.
/// </summary>
public sealed record CheckEnvironment(Uri ReportingUrl, string RunUuid, DateTimeOffset Deadline, string PodNamespace)
{
    /// <summary>Reads the process environment; throws <see cref="EnvOptionsException"/> naming every missing or malformed variable.</summary>
    public static CheckEnvironment FromEnvironment() => FromEnvironment(new EnvOptions());

    public static CheckEnvironment FromEnvironment(Func<string, string?> source) => FromEnvironment(new EnvOptions(source));

    public static CheckEnvironment FromEnvironment(EnvOptions env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var url = env.Raw(CheckProtocol.ReportingUrlVariable) is null
            ? Missing<Uri?>(env, CheckProtocol.ReportingUrlVariable)
            : env.Parse<Uri?>(CheckProtocol.ReportingUrlVariable, null, ParseUrl);
        var uuid = env.Required(CheckProtocol.RunUuidVariable);
        var deadline = env.Raw(CheckProtocol.DeadlineVariable) is null
            ? Missing<DateTimeOffset?>(env, CheckProtocol.DeadlineVariable)
            : env.Parse<DateTimeOffset?>(CheckProtocol.DeadlineVariable, null, text => ParseDeadline(text));
        var podNamespace = env.Required(CheckProtocol.PodNamespaceVariable);
        env.ThrowIfInvalid();
        return new CheckEnvironment(url!, uuid, deadline!.Value, podNamespace);
    }

    private static T Missing<T>(EnvOptions env, string name)
    {
        env.AddProblem(name, "required but not set");
        return default!;
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException($"'{text}' is not an absolute http(s) URL");

    // Unix seconds, as the v2 controller writes it.
    private static DateTimeOffset ParseDeadline(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new FormatException($"'{text}' is not a unix time in seconds");
}

using HealthChecks.Controller.Resources;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Runs;

/// <summary>
/// A khcheck or khjob, validated: durations parsed, defaults applied, the pod spec checked.
/// Invalid input never falls back to a default silently (upstream turns a bad timeout into 0 and a
/// bad interval into 10m); it yields <see cref="Problems"/>, which the controller shows in the
/// khstate and an Event while it keeps serving every other check.
/// </summary>
public sealed record CheckDefinition
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public required CheckKey Key { get; init; }

    public required WorkloadKind Kind { get; init; }

    public required string Uid { get; init; }

    /// <summary>Time between run starts; null for a khjob.</summary>
    public TimeSpan? Interval { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public int FailureThreshold { get; init; } = 1;

    public bool Paused { get; init; }

    /// <summary>The khcheck's <see cref="CheckLabels.RunRequestedAnnotation"/>, if set: a run asked for by hand.</summary>
    public string? RunRequest { get; init; }

    /// <summary>
    /// The checker pod's spec, decoded when first asked for: only a run's pod needs it, and a
    /// definition is made for every check on each status page and each pass of the leader.
    /// </summary>
    public V1PodSpec? PodSpec
    {
        get => _podSpec ??= _podSpecSource?.Invoke();
        init => _podSpec = value;
    }

    private V1PodSpec? _podSpec;
    private Func<V1PodSpec?>? _podSpecSource;

    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ExtraAnnotations { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool IsValid => Problems.Count == 0;

    public static CheckDefinition FromCheck(KuberhealthyCheck check)
    {
        var problems = new List<string>();
        var spec = check.Spec;
        TimeSpan? interval = null;
        if (string.IsNullOrWhiteSpace(spec.RunInterval))
        {
            problems.Add("spec.runInterval is missing");
        }
        else if (!GoDuration.TryParse(spec.RunInterval, out var parsed) || parsed <= TimeSpan.Zero)
        {
            problems.Add($"spec.runInterval \"{spec.RunInterval}\" is not a positive duration such as 30s, 5m or 1h");
        }
        else
        {
            interval = parsed;
        }

        if (spec.FailureThreshold is < 1)
        {
            problems.Add($"spec.failureThreshold {spec.FailureThreshold} must be at least 1");
        }

        return Common(check, WorkloadKind.KHCheck, spec, problems) with
        {
            Interval = interval,
            FailureThreshold = Math.Max(1, spec.FailureThreshold ?? 1),
            Paused = spec.Paused ?? false,
            RunRequest = check.GetAnnotation(CheckLabels.RunRequestedAnnotation) is { Length: > 0 } request ? request : null,
        };
    }

    public static CheckDefinition FromJob(KuberhealthyJob job) =>
        Common(job, WorkloadKind.KHJob, job.Spec, []);

    private static CheckDefinition Common(IKubernetesObject<V1ObjectMeta> owner, WorkloadKind kind, CheckWorkloadSpec spec, List<string> problems)
    {
        var timeout = DefaultTimeout;
        var timeoutText = spec.Timeout;
        if (!string.IsNullOrWhiteSpace(timeoutText))
        {
            if (!GoDuration.TryParse(timeoutText, out timeout) || timeout <= TimeSpan.Zero)
            {
                problems.Add($"spec.timeout \"{timeoutText}\" is not a positive duration such as 30s, 5m or 1h");
                timeout = DefaultTimeout;
            }
        }

        problems.AddRange(spec.PodSpecProblems);
        return new CheckDefinition
        {
            Key = new(owner.Metadata.NamespaceProperty ?? "", owner.Metadata.Name ?? ""),
            Kind = kind,
            Uid = owner.Metadata.Uid ?? "",
            Timeout = timeout,
            _podSpecSource = () => spec.PodSpec,
            ExtraLabels = spec.ExtraLabels ?? [],
            ExtraAnnotations = spec.ExtraAnnotations ?? [],
            Problems = problems,
        };
    }
}

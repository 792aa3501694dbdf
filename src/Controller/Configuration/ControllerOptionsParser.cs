using System.Globalization;
using HealthChecks.Controller.Runs;
using YamlDotNet.RepresentationModel;

namespace HealthChecks.Controller.Configuration;

/// <summary>
/// Reads the config file (YAML, upstream keys) and the environment into <see cref="ControllerOptions"/>,
/// collecting every problem so one start shows them all. Environment variables win over the file,
/// as upstream's do. Unknown keys are reported as warnings: upstream files carry Influx keys.
/// </summary>
public static class ControllerOptionsParser
{
    public const string DefaultConfigPath = "/etc/config/kuberhealthy.yaml";

    private static readonly HashSet<string> IgnoredUpstreamKeys =
        ["enableForceMaster", "influxUsername", "influxPassword", "influxURL", "influxDB", "enableInflux", "externalCheckReportingURL", "stateMetadata"];

    public sealed record Result(ControllerOptions? Options, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

    /// <param name="yaml">The config file's text, or null when there is none.</param>
    /// <param name="env">The environment.</param>
    /// <param name="standalone">The <c>--single</c> flag.</param>
    /// <param name="hostName">Fallback for <c>POD_NAME</c>.</param>
    /// <param name="serviceAccountNamespace">Fallback for <c>POD_NAMESPACE</c> (the in-cluster namespace file), or null.</param>
    public static Result Parse(string? yaml, IReadOnlyDictionary<string, string> env, bool standalone, string hostName, string? serviceAccountNamespace)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var file = ReadFile(yaml, errors);
        foreach (var key in file.Keys.Where(k => !Known.Contains(k) && !IgnoredUpstreamKeys.Contains(k.Split('.')[0])))
        {
            warnings.Add($"config key \"{key}\" is not known and is ignored");
        }

        string? Text(string key) => file.GetValueOrDefault(key) is { Length: > 0 } v ? v : null;
        string? Env(string key) => env.GetValueOrDefault(key) is { Length: > 0 } v ? v : null;

        var podNamespace = Env("POD_NAMESPACE") ?? serviceAccountNamespace ?? "kuberhealthy";
        var defaults = new ControllerOptions
        {
            // /check: Kuberhealthy v3's checkers report only to that path; v2's report to whatever
            // path they are given, and /externalCheckStatus keeps working for those that name it.
            ReportingUrl = $"http://kuberhealthy.{podNamespace}.svc.cluster.local{CheckSdk.CheckProtocol.V3ReportPath}",
            PodName = hostName,
            PodNamespace = podNamespace,
        };

        var options = defaults with
        {
            ListenAddress = Text("listenAddress") ?? defaults.ListenAddress,
            MaxCheckPodAge = Duration("maxCheckPodAge", Text("maxCheckPodAge"), defaults.MaxCheckPodAge, errors),
            MaxCompletedPodCount = Count("maxCompletedPodCount", Text("maxCompletedPodCount"), defaults.MaxCompletedPodCount, errors),
            MaxErrorPodCount = Count("maxErrorPodCount", Text("maxErrorPodCount"), defaults.MaxErrorPodCount, errors),
            MaxKHJobAge = Duration("maxKHJobAge", Text("maxKHJobAge"), defaults.MaxKHJobAge, errors),
            LogLevel = Level(Text("logLevel") ?? defaults.LogLevel, errors),
            ReportingUrl = Url(Env("KH_EXTERNAL_REPORTING_URL"), defaults.ReportingUrl, errors),
            PodName = Env("POD_NAME") ?? hostName,
            PodUid = Env("POD_UID"),
            TargetNamespace = Env("TARGET_NAMESPACE") ?? Text("namespace"),
            // Upstream reads 0 as "use the default".
            ReaperInterval = Env("CHECK_REAPER_RUN_INTERVAL") is "0" or "0s" ? defaults.ReaperInterval
                : Duration("CHECK_REAPER_RUN_INTERVAL", Env("CHECK_REAPER_RUN_INTERVAL"), defaults.ReaperInterval, errors),
            Standalone = standalone || Env("HEALTHCHECKS_SINGLE") is "true" or "1",
            LeaseName = Env("HEALTHCHECKS_LEASE_NAME") ?? Text("leaseName") ?? defaults.LeaseName,
            MaxConcurrentRuns = Count("maxConcurrentRuns", Text("maxConcurrentRuns"), defaults.MaxConcurrentRuns, errors),
            MaxReportsPerSourcePerSecond = Count("maxReportsPerSourcePerSecond", Text("maxReportsPerSourcePerSecond"), defaults.MaxReportsPerSourcePerSecond, errors),
            ReportReadTimeout = Duration("reportReadTimeout", Text("reportReadTimeout"), defaults.ReportReadTimeout, errors),
            MaxRunStartsPerSecond = Count("maxRunStartsPerSecond", Text("maxRunStartsPerSecond"), (int)defaults.MaxRunStartsPerSecond, errors),
            PromMetrics = new()
            {
                // The v3 variable names too, so one environment serves either version.
                SuppressErrorLabel = Flag(
                    "promMetricsConfig.suppressErrorLabel", Env("KH_PROM_SUPPRESS_ERROR_LABEL") ?? Text("promMetricsConfig.suppressErrorLabel"), errors),
                ErrorLabelMaxLength = Count(
                    "promMetricsConfig.errorLabelMaxLength", Env("KH_PROM_ERROR_LABEL_MAX_LENGTH") ?? Text("promMetricsConfig.errorLabelMaxLength"), Metrics.PromMetricsOptions.DefaultErrorLabelMaxLength, errors),
                RunDurationByCheck = Flag(
                    "promMetricsConfig.runDurationByCheck", Env("KH_PROM_RUN_DURATION_BY_CHECK") ?? Text("promMetricsConfig.runDurationByCheck"), errors),
            },
        };

        if (options.MaxConcurrentRuns < 1)
        {
            errors.Add("maxConcurrentRuns must be at least 1");
        }

        if (options.MaxReportsPerSourcePerSecond < 1)
        {
            errors.Add("maxReportsPerSourcePerSecond must be at least 1");
        }

        if (options.ReportReadTimeout > TimeSpan.FromHours(1))
        {
            errors.Add("reportReadTimeout must be at most 1h");
        }

        if (options.MaxRunStartsPerSecond < 1)
        {
            errors.Add("maxRunStartsPerSecond must be at least 1");
        }

        return new Result(errors.Count == 0 ? options : null, errors, warnings);
    }

    private static readonly HashSet<string> Known =
        [
            "listenAddress", "maxCheckPodAge", "maxCompletedPodCount", "maxErrorPodCount", "maxKHJobAge", "logLevel", "namespace", "leaseName", "maxConcurrentRuns", "maxReportsPerSourcePerSecond",
            "maxRunStartsPerSecond", "reportReadTimeout",
            "promMetricsConfig.suppressErrorLabel", "promMetricsConfig.errorLabelMaxLength", "promMetricsConfig.runDurationByCheck",
        ];

    private static Dictionary<string, string> ReadFile(string? yaml, List<string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return values;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                errors.Add("the config file is not a YAML mapping of keys to values");
                return values;
            }

            foreach (var (key, value) in root.Children)
            {
                if (key is not YamlScalarNode { Value: { } name })
                {
                    continue;
                }

                // One level of nesting, as upstream's promMetricsConfig: read as "parent.child".
                if (value is YamlMappingNode nested)
                {
                    foreach (var (childKey, childValue) in nested.Children)
                    {
                        if (childKey is YamlScalarNode { Value: { } child })
                        {
                            values[name + "." + child] = childValue is YamlScalarNode childScalar ? childScalar.Value ?? "" : "";
                        }
                    }
                }
                else
                {
                    values[name] = value is YamlScalarNode scalar ? scalar.Value ?? "" : "";
                }
            }
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            errors.Add("the config file is not valid YAML: " + ex.Message);
        }

        return values;
    }

    private static TimeSpan Duration(string name, string? text, TimeSpan fallback, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors.Add($"{name} \"{text}\" is not a positive duration such as 30s, 15m or 72h");
        return fallback;
    }

    private static int Count(string name, string? text, int fallback, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"{name} \"{text}\" is not a whole number of zero or more");
        return fallback;
    }

    /// <summary>A boolean as Go's <c>strconv.ParseBool</c> reads it (upstream's parser); unset is false.</summary>
    private static bool Flag(string name, string? text, List<string> errors)
    {
        switch (text)
        {
            case null:
                return false;
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                return false;
            default:
                errors.Add($"{name} \"{text}\" is not true or false");
                return false;
        }
    }

    private static string Level(string text, List<string> errors)
    {
        var level = text.Trim().ToLowerInvariant();
        if (level is "trace" or "debug" or "info" or "warn" or "warning" or "error" or "fatal" or "panic")
        {
            return level;
        }

        errors.Add($"logLevel \"{text}\" is not one of debug, info, warn, error");
        return "info";
    }

    private static string Url(string? text, string fallback, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return text;
        }

        errors.Add($"KH_EXTERNAL_REPORTING_URL \"{text}\" is not an http(s) URL");
        return fallback;
    }
}

using HealthChecks.Controller.Configuration;

namespace HealthChecks.Controller.Tests.Configuration;

public class ControllerOptionsParserTests
{
    private static readonly Dictionary<string, string> NoEnv = [];

    private static ControllerOptionsParser.Result Parse(string? yaml = null, Dictionary<string, string>? env = null, bool standalone = false, string? serviceAccountNamespace = null) =>
        ControllerOptionsParser.Parse(yaml, env ?? NoEnv, standalone, "host-1", serviceAccountNamespace);

    private static ControllerOptions Valid(ControllerOptionsParser.Result result)
    {
        Assert.Empty(result.Errors);
        return Assert.IsType<ControllerOptions>(result.Options);
    }

    [Fact]
    public void Parse_NothingGiven_UpstreamHelmDefaults()
    {
        var result = Parse();

        var options = Valid(result);
        Assert.Empty(result.Warnings);
        Assert.Equal(":8080", options.ListenAddress);
        Assert.Equal(TimeSpan.FromHours(72), options.MaxCheckPodAge);
        Assert.Equal(4, options.MaxCompletedPodCount);
        Assert.Equal(4, options.MaxErrorPodCount);
        Assert.Equal(TimeSpan.FromMinutes(15), options.MaxKHJobAge);
        Assert.Equal("info", options.LogLevel);
        Assert.Equal("http://kuberhealthy.kuberhealthy.svc.cluster.local/check", options.ReportingUrl);
        Assert.Equal("host-1", options.PodName);
        Assert.Equal("kuberhealthy", options.PodNamespace);
        Assert.Null(options.TargetNamespace);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ReaperInterval);
        Assert.False(options.Standalone);
        Assert.Equal(500, options.MaxConcurrentRuns);
        Assert.Equal(50, options.MaxReportsPerSourcePerSecond);
        Assert.Equal(20, options.MaxRunStartsPerSecond);
    }

    [Fact]
    public void Parse_MaxRunStartsPerSecond_Read()
    {
        Assert.Equal(40, Valid(Parse("maxRunStartsPerSecond: 40")).MaxRunStartsPerSecond);
    }

    [Fact]
    public void Parse_MaxReportsPerSourcePerSecond_Read()
    {
        Assert.Equal(20000, Valid(Parse("maxReportsPerSourcePerSecond: 20000")).MaxReportsPerSourcePerSecond);
    }

    [Fact]
    public void Parse_UpstreamKeys_Read()
    {
        const string yaml = """
            listenAddress: "127.0.0.1:9090"
            maxCheckPodAge: 24h
            maxCompletedPodCount: 2
            maxErrorPodCount: 7
            maxKHJobAge: 1h30m
            logLevel: Debug
            """;

        var options = Valid(Parse(yaml));

        Assert.Equal("127.0.0.1:9090", options.ListenAddress);
        Assert.Equal(TimeSpan.FromHours(24), options.MaxCheckPodAge);
        Assert.Equal(2, options.MaxCompletedPodCount);
        Assert.Equal(7, options.MaxErrorPodCount);
        Assert.Equal(TimeSpan.FromMinutes(90), options.MaxKHJobAge);
        Assert.Equal("debug", options.LogLevel);
    }

    [Fact]
    public void Parse_UpstreamHelmConfigMap_NoErrorsNoWarnings()
    {
        // deploy/helm/kuberhealthy/templates/configmap.yaml rendered with the chart's values.
        const string yaml = """
            listenAddress: ":8080" # The port for kuberhealthy to listen on for web requests
            enableForceMaster: false # Set to true to enable local testing, forced master mode
            logLevel: error # Log level to be used (default: debug)
            influxUsername: "" # Username for the InfluxDB instance
            influxPassword: "" # Password for the InfluxDB instance
            influxURL: "" # Address for the InfluxDB instance
            influxDB: "http://localhost:8086" # Name of the InfluxDB database
            enableInflux: false # Set to true to enable metric forwarding to Infux DB
            maxKHJobAge: 15m
            maxCheckPodAge: 72h
            maxCompletedPodCount: 4
            maxErrorPodCount: 4
            stateMetadata:
            """;

        var result = Parse(yaml);

        var options = Valid(result);
        Assert.Empty(result.Warnings);
        Assert.Equal("error", options.LogLevel);
        Assert.Equal(":8080", options.ListenAddress);
    }

    [Fact]
    public void Parse_UnknownKey_WarningOnly()
    {
        var result = Parse("listenAddress: \":8081\"\nmaxCheckPodAgee: 1h\n");

        var options = Valid(result);
        Assert.Equal(["config key \"maxCheckPodAgee\" is not known and is ignored"], result.Warnings);
        Assert.Equal(":8081", options.ListenAddress);
    }

    [Fact]
    public void Parse_EnvironmentVariables_Read()
    {
        var env = new Dictionary<string, string>
        {
            ["KH_EXTERNAL_REPORTING_URL"] = "https://kh.example.com/externalCheckStatus",
            ["POD_NAME"] = "kuberhealthy-abc",
            ["POD_NAMESPACE"] = "health",
            ["POD_UID"] = "0f6c2f0e-1b1e-4c53-9d0b-3c9a5a3e1c11",
            ["TARGET_NAMESPACE"] = "team-a",
            ["CHECK_REAPER_RUN_INTERVAL"] = "2m",
            ["HEALTHCHECKS_SINGLE"] = "true",
        };

        var options = Valid(Parse(env: env));

        Assert.Equal("https://kh.example.com/externalCheckStatus", options.ReportingUrl);
        Assert.Equal("kuberhealthy-abc", options.PodName);
        Assert.Equal("health", options.PodNamespace);
        Assert.Equal("0f6c2f0e-1b1e-4c53-9d0b-3c9a5a3e1c11", options.PodUid);
        Assert.Equal("team-a", options.TargetNamespace);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ReaperInterval);
        Assert.True(options.Standalone);
    }

    [Fact]
    public void Parse_PodNamespace_DefaultReportingUrlUsesIt()
    {
        var options = Valid(Parse(env: new() { ["POD_NAMESPACE"] = "health" }));

        Assert.Equal("http://kuberhealthy.health.svc.cluster.local/check", options.ReportingUrl);
    }

    [Fact]
    public void Parse_ServiceAccountNamespace_FallbackForPodNamespace()
    {
        var options = Valid(Parse(serviceAccountNamespace: "from-file"));

        Assert.Equal("from-file", options.PodNamespace);
        Assert.Equal("http://kuberhealthy.from-file.svc.cluster.local/check", options.ReportingUrl);
    }

    [Fact]
    public void Parse_EmptyEnvValues_TreatedAsUnset()
    {
        var options = Valid(Parse(env: new() { ["POD_NAME"] = "", ["TARGET_NAMESPACE"] = "", ["KH_EXTERNAL_REPORTING_URL"] = "" }));

        Assert.Equal("host-1", options.PodName);
        Assert.Null(options.PodUid);
        Assert.Null(options.TargetNamespace);
        Assert.Equal("http://kuberhealthy.kuberhealthy.svc.cluster.local/check", options.ReportingUrl);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    public void Parse_SingleEnv_Standalone(string value)
    {
        Assert.True(Valid(Parse(env: new() { ["HEALTHCHECKS_SINGLE"] = value })).Standalone);
    }

    [Fact]
    public void Parse_SingleFlag_Standalone()
    {
        Assert.True(Valid(Parse(standalone: true)).Standalone);
    }

    [Fact]
    public void Parse_EveryBadValue_AllListedTogether()
    {
        const string yaml = """
            maxCheckPodAge: forever
            maxCompletedPodCount: -1
            maxErrorPodCount: many
            maxKHJobAge: 0s
            logLevel: loud
            maxConcurrentRuns: 0
            maxReportsPerSourcePerSecond: 0
            maxRunStartsPerSecond: 0
            """;
        var env = new Dictionary<string, string>
        {
            ["KH_EXTERNAL_REPORTING_URL"] = "ftp://kh/report",
            ["CHECK_REAPER_RUN_INTERVAL"] = "often",
        };

        var result = Parse(yaml, env);

        Assert.Null(result.Options);
        Assert.Equal(
            [
                "maxCheckPodAge \"forever\" is not a positive duration such as 30s, 15m or 72h",
                "maxCompletedPodCount \"-1\" is not a whole number of zero or more",
                "maxErrorPodCount \"many\" is not a whole number of zero or more",
                "maxKHJobAge \"0s\" is not a positive duration such as 30s, 15m or 72h",
                "logLevel \"loud\" is not one of debug, info, warn, error",
                "KH_EXTERNAL_REPORTING_URL \"ftp://kh/report\" is not an http(s) URL",
                "CHECK_REAPER_RUN_INTERVAL \"often\" is not a positive duration such as 30s, 15m or 72h",
                "maxConcurrentRuns must be at least 1",
                "maxReportsPerSourcePerSecond must be at least 1",
                "maxRunStartsPerSecond must be at least 1",
            ],
            result.Errors);
    }

    [Theory]
    [InlineData("listenAddress: [unclosed")]
    [InlineData("a: b\n  c: d\n e")]
    public void Parse_InvalidYaml_Error(string yaml)
    {
        var result = Parse(yaml);

        Assert.Null(result.Options);
        Assert.StartsWith("the config file is not valid YAML", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_YamlNotAMapping_Error()
    {
        var result = Parse("- a\n- b\n");

        Assert.Null(result.Options);
        Assert.Equal(["the config file is not a YAML mapping of keys to values"], result.Errors);
    }

    [Fact]
    public void Parse_ReaperIntervalZero_UpstreamDefault()
    {
        var options = Valid(Parse(env: new() { ["CHECK_REAPER_RUN_INTERVAL"] = "0" }));

        Assert.Equal(TimeSpan.FromSeconds(30), options.ReaperInterval);
    }

    [Fact]
    public void Parse_PromMetricsConfig_ReadFromTheNestedUpstreamKeys()
    {
        const string yaml = """
            promMetricsConfig:
              suppressErrorLabel: true
              errorLabelMaxLength: 120
            stateMetadata:
              cluster: prod
            """;

        var result = Parse(yaml);

        var options = Valid(result);
        Assert.Empty(result.Warnings);
        Assert.True(options.PromMetrics.SuppressErrorLabel);
        Assert.Equal(120, options.PromMetrics.ErrorLabelMaxLength);
        Assert.False(Valid(Parse()).PromMetrics.SuppressErrorLabel);
        Assert.Equal(128, Valid(Parse()).PromMetrics.ErrorLabelMaxLength); // bounded by default (upstream: unbounded)
    }

    [Fact]
    public void Parse_ReportReadTimeout_TenSecondsByDefault_ReadAsADuration()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), Valid(Parse()).ReportReadTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), Valid(Parse("reportReadTimeout: 2s\n")).ReportReadTimeout);
        Assert.Contains("reportReadTimeout \"0s\" is not a positive duration such as 30s, 15m or 72h", Parse("reportReadTimeout: 0s\n").Errors);
        Assert.Contains("reportReadTimeout must be at most 1h", Parse("reportReadTimeout: 1200h\n").Errors);
    }

    [Fact]
    public void Parse_RunDurationByCheck_OffByDefault_OnFromTheFileOrTheEnvironment()
    {
        Assert.False(Valid(Parse()).PromMetrics.RunDurationByCheck);
        Assert.True(Valid(Parse("promMetricsConfig:\n  runDurationByCheck: true\n")).PromMetrics.RunDurationByCheck);
        var env = new Dictionary<string, string> { ["KH_PROM_RUN_DURATION_BY_CHECK"] = "false" };
        Assert.False(Valid(Parse("promMetricsConfig:\n  runDurationByCheck: true\n", env)).PromMetrics.RunDurationByCheck);
        Assert.Contains(
            "promMetricsConfig.runDurationByCheck \"yes\" is not true or false",
            Parse("promMetricsConfig:\n  runDurationByCheck: yes\n").Errors);
    }

    [Fact]
    public void Parse_PromMetricsEnvironment_WinsOverTheFile()
    {
        var env = new Dictionary<string, string> { ["KH_PROM_SUPPRESS_ERROR_LABEL"] = "false", ["KH_PROM_ERROR_LABEL_MAX_LENGTH"] = "8" };

        var options = Valid(Parse("promMetricsConfig:\n  suppressErrorLabel: true\n", env));

        Assert.False(options.PromMetrics.SuppressErrorLabel);
        Assert.Equal(8, options.PromMetrics.ErrorLabelMaxLength);
    }

    [Fact]
    public void Parse_PromMetricsConfigNotABoolean_Error()
    {
        var result = Parse("promMetricsConfig:\n  suppressErrorLabel: maybe\n  errorLabelMaxLength: -1\n");

        Assert.Null(result.Options);
        Assert.Contains("promMetricsConfig.suppressErrorLabel \"maybe\" is not true or false", result.Errors);
        Assert.Contains(result.Errors, e => e.StartsWith("promMetricsConfig.errorLabelMaxLength", StringComparison.Ordinal));
    }
}

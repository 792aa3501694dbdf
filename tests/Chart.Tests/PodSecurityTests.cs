using System.Text.Json.Nodes;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;
using HealthChecks.TestKit.PodSecurity;
using k8s;

namespace HealthChecks.Chart.Tests;

/// <summary>
/// Every pod the chart makes (the controller's Deployment, each khcheck's podSpec, anything else
/// with a pod spec) passes the "restricted" Pod Security Standard, for every documented option
/// combination and for upstream's values file: clusters of 1.31 to 1.36 enforce it per namespace,
/// and our 1.20 API server cannot tell us.
/// </summary>
public sealed class PodSecurityTests
{
    public static TheoryData<string> ValueFiles() => LintTests.ValueFiles();

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public async Task EveryPod_OfEveryOptionCombination_IsRestricted(string valuesFile)
    {
        var chart = await Helm.TemplateAsync([.. ValuesArguments(valuesFile), "--set", "prometheus.force=true"]);

        AssertRestricted(chart, expectedPods: chart.OfKind("KuberhealthyCheck").Count() + 1);
    }

    [Fact]
    public async Task EveryPod_WithUpstreamsValuesFile_IsRestricted()
    {
        var chart = await Helm.TemplateAsync("-f", RepositoryPaths.Reference("v2-master/deploy__helm__kuberhealthy__values.yaml"));

        AssertRestricted(chart, expectedPods: chart.OfKind("KuberhealthyCheck").Count() + 1);
    }

    [Fact]
    public async Task OverriddenUserAndGroup_StayRestricted()
    {
        var chart = await Helm.TemplateAsync("--set", "securityContext.runAsUser=10001", "--set", "securityContext.runAsGroup=10001", "--set", "securityContext.fsGroup=10001");

        AssertRestricted(chart, expectedPods: 4);
        Assert.Equal(10001, (long?)chart.Single("Deployment")["spec"]!["template"]!["spec"]!["securityContext"]!["runAsGroup"]);
    }

    /// <summary>
    /// The checker pod the controller makes of each rendered khcheck (its podSpec plus the contract
    /// env, labels, annotations and owner) is as restricted as the podSpec: the controller adds
    /// nothing that breaks it. The pods on a real API server: <see cref="ChartOnClusterTests"/>.
    /// </summary>
    [Fact]
    public async Task EveryCheckerPod_TheControllerBuildsOfTheChartsChecks_IsRestricted()
    {
        var failures = new List<string>();
        var built = 0;
        string[] upstream = ["-f", RepositoryPaths.Reference("v2-master/deploy__helm__kuberhealthy__values.yaml")];
        var combinations = Directory.GetFiles(ChartTools.CiValuesDirectory, "*-values.yaml").Order(StringComparer.Ordinal)
            .Select(file => ValuesArguments(Path.GetFileName(file))).Append(upstream).ToList();
        foreach (var arguments in combinations)
        {
            var chart = await Helm.TemplateAsync(arguments);
            foreach (var document in chart.OfKind("KuberhealthyCheck"))
            {
                document["metadata"]!["namespace"] ??= "kuberhealthy";
                var definition = CheckDefinition.FromCheck(KubernetesJson.Deserialize<KuberhealthyCheck>(document.ToJsonString()));
                Assert.True(definition.IsValid, string.Join("; ", definition.Problems));

                var pod = CheckPodFactory.Build(definition, RunTicket.Create(definition, DateTimeOffset.UtcNow), "http://healthchecks.kuberhealthy.svc/externalCheckStatus");

                built++;
                if (RestrictedProfile.Check(pod) is { Count: > 0 } violations)
                {
                    failures.Add($"{string.Join(' ', arguments)}: checker pod of khcheck {definition.Key.Name}:\n{RestrictedProfile.Describe(violations)}");
                }
            }
        }

        // Three default checks in every combination but no-checks-values.yaml.
        Assert.True(built >= 3 * (combinations.Count - 1), $"built only {built} checker pods");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task SecurityContextDisabled_IsNotRestricted()
    {
        // Documented: the opt-out leaves every pod to the cluster's own defaults.
        var chart = await Helm.TemplateAsync("--set", "securityContext.enabled=false");

        Assert.All(PodSpecs(chart), pod => Assert.NotEmpty(RestrictedProfile.Check(pod.Spec, pod.Annotations)));
    }

    private static void AssertRestricted(RenderedChart chart, int expectedPods)
    {
        var pods = PodSpecs(chart);
        Assert.Equal(expectedPods, pods.Count);
        var failures = pods
            .Select(p => (p.Where, Violations: RestrictedProfile.Check(p.Spec, p.Annotations)))
            .Where(p => p.Violations.Count > 0)
            .Select(p => p.Where + ":\n" + RestrictedProfile.Describe(p.Violations))
            .ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Every pod spec in the chart, wherever it is (any object with <c>containers</c>), with the
    /// annotations its pods get: the template's, or a khcheck's extraAnnotations.
    /// </summary>
    private static List<(string Where, JsonNode Spec, JsonNode? Annotations)> PodSpecs(RenderedChart chart)
    {
        var found = new List<(string, JsonNode, JsonNode?)>();
        foreach (var document in chart.Documents)
        {
            var name = $"{document["kind"]} {document["metadata"]?["name"]}";
            var checkAnnotations = (string?)document["kind"] is "KuberhealthyCheck" or "KuberhealthyJob" ? document["spec"]?["extraAnnotations"] : null;
            Collect(document, parent: null, name, checkAnnotations, found);
        }

        return found;
    }

    private static void Collect(JsonNode? node, JsonObject? parent, string where, JsonNode? checkAnnotations, List<(string, JsonNode, JsonNode?)> found)
    {
        switch (node)
        {
            case JsonObject obj when obj["containers"] is JsonArray:
                found.Add(($"{where} {obj.GetPath()}", obj, parent?["metadata"]?["annotations"] ?? checkAnnotations));
                break;
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, obj, where, checkAnnotations, found);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, null, where, checkAnnotations, found);
                }

                break;
        }
    }

    /// <summary>
    /// The helm arguments of a ci/ values file. securityContext.enabled: false is upstream's way to
    /// leave the chart's out (a cluster that injects its own, OpenShift assigning UIDs): such a
    /// combination is checked with it on.
    /// </summary>
    private static string[] ValuesArguments(string valuesFile)
    {
        var path = Path.Combine(ChartTools.CiValuesDirectory, valuesFile);
        return OptsOutOfSecurityContext(path) ? ["-f", path, "--set", "securityContext.enabled=true"] : ["-f", path];
    }

    private static bool OptsOutOfSecurityContext(string valuesFile) =>
        YamlToJson.ParseDocuments(File.ReadAllText(valuesFile)) is [JsonObject values, ..]
        && values["securityContext"]?["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && !on;
}

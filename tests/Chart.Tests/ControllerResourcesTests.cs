using System.Text.Json.Nodes;
using HealthChecks.Controller.Configuration;

namespace HealthChecks.Chart.Tests;

/// <summary>The controller's Deployment, Service, PodDisruptionBudget, ConfigMap and NetworkPolicy as rendered.</summary>
public sealed class ControllerResourcesTests
{
    [Fact]
    public async Task Deployment_Defaults_TwoReplicasSpreadAcrossNodesWithProbes()
    {
        var deployment = (await Helm.TemplateAsync()).Single("Deployment", Helm.Release);
        var spec = deployment["spec"]!;
        Assert.Equal(2, (long?)spec["replicas"]);
        Assert.Equal(0, (long?)spec["strategy"]?["rollingUpdate"]?["maxSurge"]);
        var pod = spec["template"]!["spec"]!;
        var term = pod["affinity"]?["podAntiAffinity"]?["preferredDuringSchedulingIgnoredDuringExecution"]?[0]?["podAffinityTerm"];
        Assert.Equal("kubernetes.io/hostname", (string?)term?["topologyKey"]);
        Assert.Equal(Json.Map(spec["selector"]?["matchLabels"]), Json.Map(term?["labelSelector"]?["matchLabels"]));
        Assert.Equal(Helm.Release, (string?)pod["serviceAccountName"]);

        var container = pod["containers"]![0]!;
        Assert.Equal("healthchecks/controller:" + await AppVersionAsync(), (string?)container["image"]);
        Assert.Equal(8080, (long?)container["ports"]?[0]?["containerPort"]);
        Assert.Equal("http", (string?)container["ports"]?[0]?["name"]);
        Assert.Equal("/healthz", (string?)container["livenessProbe"]?["httpGet"]?["path"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]?["httpGet"]?["path"]);
        Assert.Equal("/healthz", (string?)container["startupProbe"]?["httpGet"]?["path"]);
        Assert.All(new[] { "livenessProbe", "readinessProbe", "startupProbe" }, probe => Assert.Equal("http", (string?)container[probe]?["httpGet"]?["port"]));

        // /healthz fails on a leader whose loop has not ticked for LivenessBound: with the probe's
        // failures on top, a wedged leader is restarted within 1-2 minutes of its last tick, and a
        // replica slow to answer gets more time than readiness gives.
        var liveness = container["livenessProbe"]!;
        var period = TimeSpan.FromSeconds((long)liveness["periodSeconds"]!);
        var restartAfter = new ControllerOptions { ReportingUrl = "http://x/", PodName = "p", PodNamespace = "n" }.LivenessBound + (period * (long)liveness["failureThreshold"]!);
        Assert.InRange(restartAfter, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        Assert.True((long)liveness["failureThreshold"]! >= 3, "one slow answer must not restart a replica");
        Assert.True((long)liveness["timeoutSeconds"]! > (long)container["readinessProbe"]!["timeoutSeconds"]!);
    }

    [Fact]
    public async Task Deployment_HardAntiAffinityAndMasterToleration_AreRequired()
    {
        var pod = (await Helm.TemplateAsync("--set", "deployment.podAntiAffinity=hard", "--set", "tolerations.master=true"))
            .Single("Deployment")["spec"]!["template"]!["spec"]!;
        Assert.Equal("kubernetes.io/hostname", (string?)pod["affinity"]?["podAntiAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?[0]?["topologyKey"]);
        Assert.Contains("node-role.kubernetes.io/master", pod["tolerations"]!.AsArray().Select(t => (string?)t?["key"]));
    }

    [Fact]
    public async Task Deployment_Environment_ReportsToTheServiceAndNamesThePod()
    {
        var chart = await Helm.TemplateAsync();
        var env = Env(chart.Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!);
        Assert.Equal("http://healthchecks.kuberhealthy.svc.cluster.local:80/check", env["KH_EXTERNAL_REPORTING_URL"]);
        Assert.Equal("fieldRef:metadata.name", env["POD_NAME"]);
        Assert.Equal("fieldRef:metadata.namespace", env["POD_NAMESPACE"]);
        Assert.Equal("fieldRef:metadata.uid", env["POD_UID"]);
        Assert.Equal("30s", env["CHECK_REAPER_RUN_INTERVAL"]);
        Assert.False(env.ContainsKey("TARGET_NAMESPACE"), "an empty TARGET_NAMESPACE is left out");

        var service = chart.Single("Service", Helm.Release);
        Assert.Equal(80, (long?)service["spec"]?["ports"]?[0]?["port"]);
        Assert.Equal("http", (string?)service["spec"]?["ports"]?[0]?["targetPort"]);
        Assert.Equal("ClusterIP", (string?)service["spec"]?["type"]);
    }

    [Fact]
    public async Task Service_SelectsExactlyTheControllerPods()
    {
        var chart = await Helm.TemplateAsync();
        var podLabels = Json.Map(chart.Single("Deployment")["spec"]!["template"]!["metadata"]!["labels"]);
        var selector = Json.Map(chart.Single("Service")["spec"]!["selector"]);
        Assert.NotEmpty(selector);
        Assert.All(selector, pair => Assert.Equal(pair.Value, podLabels.GetValueOrDefault(pair.Key)));
        Assert.Equal("controller", selector["app.kubernetes.io/component"]);
    }

    [Fact]
    public async Task Service_PrometheusAnnotations_OnlyWithoutServiceMonitor()
    {
        var annotated = (await Helm.TemplateAsync("--set", "prometheus.enabled=true")).Single("Service");
        Assert.Equal("true", Json.Map(annotated["metadata"]?["annotations"])["prometheus.io/scrape"]);
        var monitored = (await Helm.TemplateAsync(["--set", "prometheus.enabled=true", "--set", "prometheus.serviceMonitor.enabled=true", .. Helm.WithPrometheusOperator])).Single("Service");
        Assert.DoesNotContain("prometheus.io/scrape", Json.Map(monitored["metadata"]?["annotations"]).Keys);
    }

    [Fact]
    public async Task SecurityContext_ControllerAndEveryCheck_AreRestricted()
    {
        var chart = await Helm.TemplateAsync("--set", "check.dnsExternal.enabled=true");
        var pods = new List<(string Name, JsonNode Pod)> { ("controller", chart.Single("Deployment")["spec"]!["template"]!["spec"]!) };
        pods.AddRange(chart.OfKind("KuberhealthyCheck").Select(c => ((string)c["metadata"]!["name"]!, c["spec"]!["podSpec"]!)));
        Assert.Equal(5, pods.Count);
        foreach (var (name, pod) in pods)
        {
            var podContext = pod["securityContext"];
            Assert.True((bool?)podContext?["runAsNonRoot"] == true, name);
            Assert.True((long?)podContext?["runAsUser"] > 0, name);
            Assert.Equal("RuntimeDefault", (string?)podContext?["seccompProfile"]?["type"]);
            foreach (var container in pod["containers"]!.AsArray())
            {
                var context = container!["securityContext"];
                Assert.True((bool?)context?["runAsNonRoot"] == true, name);
                Assert.True((bool?)context?["allowPrivilegeEscalation"] == false, name);
                Assert.True((bool?)context?["readOnlyRootFilesystem"] == true, name);
                Assert.Equal(["ALL"], Json.Strings(context?["capabilities"]?["drop"]));
                Assert.Equal("RuntimeDefault", (string?)context?["seccompProfile"]?["type"]);
                Assert.Null(context?["privileged"]);
            }
        }

        // A read-only root file system still needs somewhere to write temporary files.
        var controller = pods[0].Pod;
        Assert.Contains("/tmp", controller["containers"]![0]!["volumeMounts"]!.AsArray().Select(m => (string?)m?["mountPath"]));
    }

    [Fact]
    public async Task SecurityContext_Disabled_IsLeftOut()
    {
        var chart = await Helm.TemplateAsync("--set", "securityContext.enabled=false");
        Assert.Null(chart.Single("Deployment")["spec"]!["template"]!["spec"]!["securityContext"]);
        Assert.All(chart.OfKind("KuberhealthyCheck"), c => Assert.Null(c["spec"]!["podSpec"]!["securityContext"]));
    }

    [Theory]
    [InlineData("1.20.2", "policy/v1beta1")]
    [InlineData("1.21.0", "policy/v1")]
    [InlineData("1.30.0", "policy/v1")]
    public async Task PodDisruptionBudget_ApiVersionFollowsTheCluster_AndSelectsTheControllers(string kubeVersion, string apiVersion)
    {
        var chart = await Helm.TemplateAsync("--kube-version", kubeVersion);
        var pdb = chart.Single("PodDisruptionBudget");
        Assert.Equal(apiVersion, (string?)pdb["apiVersion"]);
        Assert.Equal(1, (long?)pdb["spec"]?["minAvailable"]);
        Assert.Equal(Json.Map(chart.Single("Deployment")["spec"]!["selector"]!["matchLabels"]), Json.Map(pdb["spec"]?["selector"]?["matchLabels"]));
    }

    [Fact]
    public async Task ConfigMap_IsAConfigTheControllerAcceptsWithoutWarnings()
    {
        var chart = await Helm.TemplateAsync("--set", "checkReaper.maxCheckPodAge=24h", "--set", "controller.leaseName=hc-lease");
        var yaml = (string?)chart.Single("ConfigMap", Helm.Release)["data"]?["kuberhealthy.yaml"];
        var parsed = ControllerOptionsParser.Parse(yaml, new Dictionary<string, string>(), standalone: false, "pod-1", "kuberhealthy");
        Assert.Empty(parsed.Errors);
        Assert.Empty(parsed.Warnings);
        Assert.Equal(":8080", parsed.Options!.ListenAddress);
        Assert.Equal(TimeSpan.FromHours(24), parsed.Options.MaxCheckPodAge);
        Assert.Equal("hc-lease", parsed.Options.LeaseName);

        // The config is mounted where the controller reads it by default.
        var pod = chart.Single("Deployment")["spec"]!["template"]!["spec"]!;
        var mount = pod["containers"]![0]!["volumeMounts"]!.AsArray().Single(m => (string?)m?["name"] == "config");
        Assert.Equal(Path.GetDirectoryName(ControllerOptionsParser.DefaultConfigPath), (string?)mount!["mountPath"]);
    }

    [Fact]
    public async Task NetworkPolicy_AdmitsCheckerPodsAndTheGivenPeersOnTheControllerPort()
    {
        Assert.Empty((await Helm.TemplateAsync()).OfKind("NetworkPolicy"));
        var policy = (await Helm.TemplateAsync("-f", Path.Combine(ChartTools.CiValuesDirectory, "single-namespace-values.yaml"))).Single("NetworkPolicy");
        var rule = policy["spec"]!["ingress"]![0]!;
        Assert.Equal("http", (string?)rule["ports"]?[0]?["port"]);
        var from = rule["from"]!.AsArray();
        Assert.Equal("kuberhealthy-check-name", (string?)from[0]?["podSelector"]?["matchExpressions"]?[0]?["key"]);
        Assert.NotNull(from[0]?["namespaceSelector"]);
        Assert.Equal("monitoring", (string?)from[1]?["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"]);
        Assert.Equal(["Ingress", "Egress"], Json.Strings(policy["spec"]!["policyTypes"]));
    }

    [Fact]
    public async Task Images_RegistryOverrides_ApplyToControllerAndChecks()
    {
        var chart = await Helm.TemplateAsync("--set", "imageRegistry=registry.example:5000", "--set", "image.tag=1.2.3");
        Assert.Equal("registry.example:5000/healthchecks/controller:1.2.3", (string?)chart.Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.All(chart.OfKind("KuberhealthyCheck"), c => Assert.StartsWith("registry.example:5000/healthchecks/", (string?)c["spec"]!["podSpec"]!["containers"]![0]!["image"], StringComparison.Ordinal));

        var byUrl = await Helm.TemplateAsync("--set", "imageURL=example.org/hc@sha256:abc");
        Assert.Equal("example.org/hc@sha256:abc", (string?)byUrl.Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    internal static Dictionary<string, string> Env(JsonNode container) =>
        container["env"]!.AsArray().ToDictionary(
            e => (string)e!["name"]!,
            e => (string?)e!["value"] ?? "fieldRef:" + (string?)e["valueFrom"]?["fieldRef"]?["fieldPath"]);

    internal static async Task<string> AppVersionAsync()
    {
        var chart = await File.ReadAllLinesAsync(Path.Combine(ChartTools.ChartDirectory, "Chart.yaml"));
        return chart.Single(l => l.StartsWith("appVersion:", StringComparison.Ordinal))["appVersion:".Length..].Trim().Trim('"');
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube;
using HealthChecks.Kube.Manifests;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;
using HealthChecks.TestKit.PodSecurity;
using k8s;
using k8s.Models;

namespace HealthChecks.Chart.Tests;

/// <summary>
/// The rendered chart on the local control plane (Kubernetes 1.20 with the node simulator): every
/// object applies (CRDs, RBAC, ConfigMap, Service, PDB, the Deployment at 0 replicas, the default
/// checks), then the controller runs out of cluster as the chart's Deployment would run it: its
/// config from the chart's ConfigMap, leader election on the chart's Lease, and the token of the
/// chart's ServiceAccount, so the API server enforces the chart's RBAC. The three default checks
/// must pass, their checker pods running under their own chart-made ServiceAccounts, and neither
/// the controller nor a checker may be refused anything. RBAC that is too narrow fails here. Every
/// pod made in the namespace (the checker pods the controller makes of the khchecks, the daemonset
/// check's DaemonSet pods, the deployment check's Deployment pods), as the API server holds it,
/// passes the "restricted" Pod Security Standard, which this 1.20 API server cannot enforce.
/// </summary>
public sealed partial class ChartOnClusterTests : IAsyncLifetime
{
    private static readonly string[] DefaultChecks = ["daemonset", "deployment", "dns-status-internal"];

    private readonly ControlPlaneFixture _controlPlane = new();
    private readonly string _release = "hc-" + Guid.NewGuid().ToString("N")[..6];
    /// <summary>The Prometheus Operator kinds the chart renders (stand-in CRDs: any spec is accepted).</summary>
    private static readonly ResourceKind[] OperatorKinds =
    [
        new("monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor", Namespaced: true),
        new("monitoring.coreos.com", "v1", "prometheusrules", "PrometheusRule", Namespaced: true),
    ];

    private TestNamespace? _namespace;
    private RenderedChart? _chart;
    private bool _installed;

    private Kubernetes Client => _controlPlane.Client;

    public Task InitializeAsync() => _controlPlane.InitializeAsync();

    [Fact]
    public async Task RenderedChart_Applies_AndTheControllerWithItsServiceAccountRunsTheDefaultChecksToOk()
    {
        await SimulatedNodesReadyAsync();
        _namespace = await _controlPlane.CreateNamespaceAsync("chart", waitForServiceAccount: true);
        var ns = _namespace.Name;
        _chart = await Helm.TemplateReleaseAsync(
            _release, ns, "--include-crds", "--kube-version", "1.20.2", "--set", "fullnameOverride=" + _release,
            // The controller runs out of cluster below (the simulator has no image of it); the
            // Deployment is applied, with no pods.
            "--set", "deployment.replicas=0",
            // The simulated nodes are seconds old; upstream's DNS check waits until a node is 3 minutes old.
            "--set", "check.dnsInternal.extraEnvs.NODE_MIN_AGE=0");
        await ApplyAsync(_chart);
        await using var pods = await PodRecorder.StartAsync(Client, ns);

        var config = (string)_chart.Single("ConfigMap", _release)["data"]!["kuberhealthy.yaml"]!;
        var container = _chart.Single("Deployment", _release)["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var account = (string)_chart.Single("Deployment", _release)["spec"]!["template"]!["spec"]!["serviceAccountName"]!;
        var port = FreePort.Tcp(IPAddress.Loopback);
        using var files = ChartTools.NewTempDirectory();
        await File.WriteAllTextAsync(files.File("kuberhealthy.yaml"), Regex.Replace(config, "^listenAddress: .*$", $"listenAddress: 127.0.0.1:{port}", RegexOptions.Multiline));
        await File.WriteAllTextAsync(files.File("kubeconfig"), await ServiceAccountKubeconfigAsync(ns, account));

        // The Deployment's environment, with the downward API resolved and the report URL on loopback.
        var environment = ControllerResourcesTests.Env(container).ToDictionary(e => e.Key, e => e.Value);
        environment["POD_NAME"] = _release + "-0";
        environment["POD_NAMESPACE"] = ns;
        environment["KH_EXTERNAL_REPORTING_URL"] = $"http://127.0.0.1:{port}/externalCheckStatus";
        environment["KUBECONFIG"] = files.File("kubeconfig");
        await using var controller = ControllerProcess.Start(environment, "--config", files.File("kuberhealthy.yaml"));
        var url = await controller.UrlAsync();

        foreach (var check in DefaultChecks)
        {
            var state = await Eventually.GetAsync(
                async () => await new KuberhealthyApi(Client).States.GetAsync(ns, check) is { Spec: { ResultUuid.Length: > 0 } spec } ? spec : null,
                TimeSpan.FromMinutes(4),
                $"a result of check {check}\n{Tail(controller.Output)}",
                TimeSpan.FromSeconds(1));
            Assert.True(state.OK, $"{check}: {string.Join("; ", state.Errors)} ({state.Reason})\n{CheckerLogs(ns)}\n{Tail(controller.Output)}");
        }

        await AssertEveryPodRestrictedAsync(pods);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url + "/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url + "/readyz")).StatusCode);

        // POST /api/run on the chart's RBAC alone: its ServiceAccount may ask TokenReview and
        // SubjectAccessReview, so a token that may patch the khcheck gets through (202; 409 if a run
        // of the check is still going) and one that may not is refused.
        using var admin = await RunNowAsync(http, url, ns, DefaultChecks[0], _controlPlane.Cluster.Environment["ADMIN_TOKEN"]);
        Assert.True(
            admin.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict,
            $"{(int)admin.StatusCode} {await admin.Content.ReadAsStringAsync()}\n{Tail(controller.Output)}");
        using var nobody = await RunNowAsync(http, url, ns, DefaultChecks[0], _controlPlane.Cluster.Environment["NOBODY_TOKEN"]);
        Assert.Equal(HttpStatusCode.Forbidden, nobody.StatusCode);
        Assert.Contains("may not patch khcheck", await nobody.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var status = JsonNode.Parse(await http.GetStringAsync(url + "/json?namespace=" + ns))!;
        Assert.True((bool?)status["OK"], status.ToJsonString());
        Assert.Equal(DefaultChecks.Select(c => $"{ns}/{c}"), status["CheckDetails"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));

        // It led through the chart's Lease (the leader-election Role allows only that name).
        var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("healthchecks-controller", ns).OrNullIfNotFound();
        Assert.Equal(_release + "-0", lease?.Spec?.HolderIdentity);

        Assert.Equal(0, await controller.TerminateAsync(TimeSpan.FromSeconds(40)));
        AssertNothingRefused("the controller", controller.Output);
        AssertNothingRefused("the checker pods", CheckerLogs(ns));
    }

    /// <summary>
    /// Real <c>helm install</c> and <c>upgrade</c> against the API server: helm reads the cluster's
    /// capabilities, so Kubernetes 1.20 gets a policy/v1beta1 PDB, and the ServiceMonitor and
    /// PrometheusRule appear only once the Prometheus Operator's CRDs are served (NOTES say so before).
    /// </summary>
    [Fact]
    public async Task HelmInstall_FollowsTheClustersCapabilities()
    {
        _namespace = await _controlPlane.CreateNamespaceAsync("helm");
        var ns = _namespace.Name;
        string[] values =
        [
            "--namespace", ns, "--kubeconfig", _controlPlane.Cluster.AdminKubeconfig, "--wait=false",
            "--set", "fullnameOverride=" + _release, "--set", "deployment.replicas=0",
            "--set", "prometheus.enabled=true", "--set", "prometheus.serviceMonitor.enabled=true",
            "--set", "prometheus.prometheusRule.enabled=true", "--set", "prometheus.serviceMonitor.release=kps",
        ];
        var install = await Helm.RunAsync(["install", _release, ChartTools.ChartDirectory, .. values]);
        install.EnsureSuccess("helm install");
        _installed = true;
        Assert.Contains("does not serve\nmonitoring.coreos.com/v1 ServiceMonitor", install.StandardOutput, StringComparison.Ordinal);
        Assert.NotNull(await Client.GetStringAsync($"/apis/policy/v1beta1/namespaces/{ns}/poddisruptionbudgets/{_release}"));
        Assert.NotNull(await new KuberhealthyApi(Client).Checks.GetAsync(ns, "daemonset"));

        var applier = new ManifestApplier(Client);
        foreach (var kind in OperatorKinds)
        {
            await applier.ApplyYamlAsync(OperatorCrd(kind.Plural, kind.Kind));
        }

        await Eventually.TrueAsync(
            async () => (await Client.GetStringAsync("/apis/monitoring.coreos.com/v1")).Contains("prometheusrules", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the Prometheus Operator CRDs to be served");
        var upgrade = await Helm.RunAsync(["upgrade", _release, ChartTools.ChartDirectory, .. values]);
        upgrade.EnsureSuccess("helm upgrade");
        Assert.DoesNotContain("WARNING", upgrade.StandardOutput, StringComparison.Ordinal);
        foreach (var kind in OperatorKinds)
        {
            var created = await new ResourceClient<OperatorObject>(Client, kind).GetAsync(ns, _release);
            Assert.True(created is not null, $"helm upgrade created no {kind.Kind}");
        }

        var monitor = await new ResourceClient<OperatorObject>(Client, OperatorKinds[0]).GetAsync(ns, _release);
        Assert.Equal("kps", monitor!.Metadata.Labels?["release"]);
    }

    public async Task DisposeAsync()
    {
        if (_installed)
        {
            await Helm.RunAsync(["uninstall", _release, "--namespace", _namespace!.Name, "--kubeconfig", _controlPlane.Cluster.AdminKubeconfig]);
        }

        foreach (var kind in OperatorKinds)
        {
            await Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"{kind.Plural}.{kind.Group}").ExceptNotFound();
        }

        if (_chart is not null)
        {
            // Cluster-scoped objects outlive the namespace.
            foreach (var kind in new[] { "ClusterRoleBinding", "ClusterRole" })
            {
                foreach (var name in _chart.OfKind(kind).Select(o => (string)o["metadata"]!["name"]!))
                {
                    await (kind == "ClusterRole"
                        ? Client.RbacAuthorizationV1.DeleteClusterRoleAsync(name).ExceptNotFound()
                        : Client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(name).ExceptNotFound());
                }
            }
        }

        if (_namespace is not null)
        {
            await _namespace.DisposeAsync();
        }

        await _controlPlane.DisposeAsync();
    }

    /// <summary>
    /// The pods of every kind the default checks make were seen, and all pass restricted: a checker
    /// pod per check, a DaemonSet pod per node, the deployment check's 4 replicas (before its roll).
    /// </summary>
    private async Task AssertEveryPodRestrictedAsync(PodRecorder pods)
    {
        var nodes = (await Client.CoreV1.ListNodeAsync()).Items.Count;
        (int Count, Func<V1Pod, bool> Which)[] expected =
        [
            (DefaultChecks.Length, p => HasLabel(p, CheckLabels.RunId)),
            (nodes, p => HasLabel(p, "khcheck", "daemonset")),
            (4, p => HasLabel(p, "deployment-timestamp")),
        ];
        foreach (var (count, which) in expected)
        {
            await pods.AtLeastAsync(count, which);
        }

        PodSecurityAssert.EveryPodRestricted(pods.Pods, atLeast: expected.Sum(e => e.Count));
    }

    private static bool HasLabel(V1Pod pod, string key, string? value = null) =>
        pod.Metadata?.Labels?.TryGetValue(key, out var actual) == true && (value is null || actual == value);

    /// <summary>CRDs first (until served), then everything else in helm's order.</summary>
    private async Task ApplyAsync(RenderedChart chart)
    {
        var applier = new ManifestApplier(Client);
        foreach (var crd in chart.OfKind("CustomResourceDefinition"))
        {
            await applier.ApplyAsync(crd);
        }

        await Eventually.TrueAsync(async () => await CrdCheck.FindProblemAsync(Client, CancellationToken.None) is null, TimeSpan.FromSeconds(30), "the CRDs to be served");
        foreach (var document in chart.Documents.Where(d => (string?)d["kind"] != "CustomResourceDefinition"))
        {
            await applier.ApplyAsync(document);
        }
    }

    /// <summary>A kubeconfig that authenticates as the ServiceAccount (its token Secret, made by the 1.20 token controller).</summary>
    private async Task<string> ServiceAccountKubeconfigAsync(string ns, string account)
    {
        var secret = await Eventually.GetAsync(
            async () =>
            {
                var sa = await Client.CoreV1.ReadNamespacedServiceAccountAsync(account, ns).OrNullIfNotFound();
                foreach (var reference in sa?.Secrets ?? [])
                {
                    if (await Client.CoreV1.ReadNamespacedSecretAsync(reference.Name ?? "", ns).OrNullIfNotFound() is { Type: "kubernetes.io/service-account-token", Data: { } data } && data.ContainsKey("token"))
                    {
                        return data;
                    }
                }

                return null;
            },
            TimeSpan.FromSeconds(30),
            $"the token of ServiceAccount {ns}/{account}");
        var server = _controlPlane.Cluster.Environment["APISERVER_URL"];
        // The client decodes Secret data: the values are the raw bytes.
        var token = Encoding.UTF8.GetString(secret["token"]);
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: {server}
                certificate-authority-data: {Convert.ToBase64String(secret["ca.crt"])}
            users:
            - name: {account}
              user:
                token: {token}
            contexts:
            - name: sa
              context:
                cluster: local
                user: {account}
                namespace: {ns}
            current-context: sa

            """;
    }

    private static string OperatorCrd(string plural, string kind) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: {{plural}}.monitoring.coreos.com
        spec:
          group: monitoring.coreos.com
          names: {plural: {{plural}}, kind: {{kind}}, singular: {{kind.ToLowerInvariant()}}, listKind: {{kind}}List}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    private async Task SimulatedNodesReadyAsync() =>
        await Eventually.TrueAsync(
            async () =>
            {
                var nodes = (await Client.CoreV1.ListNodeAsync()).Items;
                return nodes.Count > 0 && nodes.All(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
            },
            TimeSpan.FromSeconds(30),
            "Ready nodes of the node simulator (scripts/local-cluster.sh up starts it)");

    /// <summary>The logs of this namespace's checker pods, as the simulator keeps them.</summary>
    private string CheckerLogs(string ns)
    {
        var pods = Path.Combine(_controlPlane.Cluster.StateDirectory, "simulator", "pods");
        if (!Directory.Exists(pods))
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var log in Directory.GetDirectories(pods, ns + "_*").SelectMany(d => Directory.GetFiles(d, "*.log")))
        {
            text.Append("== ").AppendLine(Path.GetRelativePath(pods, log)).AppendLine(File.ReadAllText(log));
        }

        return text.ToString();
    }

    private static void AssertNothingRefused(string who, string log)
    {
        var refusals = log.Split('\n').Where(line => Refused().IsMatch(line)).Take(10).ToList();
        Assert.True(refusals.Count == 0, $"the API server refused {who} (the chart's RBAC is too narrow):\n{string.Join('\n', refusals)}");
    }

    private static Task<HttpResponseMessage> RunNowAsync(HttpClient http, string url, string @namespace, string check, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/run?namespace={@namespace}&name={check}");
        request.Headers.Authorization = new("Bearer", token);
        return http.SendAsync(request);
    }

    private static string Tail(string text) => text.Length > 6000 ? text[^6000..] : text;

    /// <summary>An RBAC refusal as the API server words it, or its status code.</summary>
    // 403 as a status, never as the milliseconds of a log line's time stamp ("19:47:27.403 info: ...").
    [GeneratedRegex(@"(?i)forbidden|(?<![.\d])403(?!\d)|cannot (get|list|watch|create|update|patch|delete|deletecollection) resource")]
    private static partial Regex Refused();
}

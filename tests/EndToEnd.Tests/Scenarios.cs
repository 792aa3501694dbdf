using System.Text.Json.Nodes;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>
/// What the suite runs, all in one namespace: Kuberhealthy's own example khchecks (unchanged but
/// for the namespace and the noted knobs), our DNS check under our image name, checkers written in
/// shell that pass, fail, hang, exit without a word, or name an image that does not exist, one that
/// passes every 30 s (to see the checks go on across a change of leader), and a khjob. Checker pods run on the simulator: the Kuberhealthy images map to our programs, busybox
/// runs the container's own command on the host.
/// </summary>
internal static class Scenarios
{
    public const string Daemonset = "daemonset";
    public const string Deployment = "deployment";
    public const string DnsInternal = "dns-status-internal";
    public const string DnsExternal = "dns-status-external";
    public const string DnsOurImage = "dns-our-image";
    public const string ReportsFailure = "reports-failure";
    public const string NeverReports = "never-reports";
    public const string ExitsSilently = "exits-silently";
    public const string MissingImage = "missing-image";
    public const string Job = "job-once";
    public const string InvalidInterval = "invalid-interval";
    public const string Steady = "steady";
    public const string V3Passes = "v3-checker-passes";
    public const string V3Fails = "v3-checker-fails";

    /// <summary>Every check and job the fixture applies that runs (all but the invalid one).</summary>
    public static readonly string[] Runnable =
        [Daemonset, Deployment, DnsInternal, DnsExternal, DnsOurImage, ReportsFailure, NeverReports, ExitsSilently, MissingImage, Job, Steady, V3Passes, V3Fails];

    /// <summary>Where the shell checker points CHECK_URL to fail: nothing listens on port 1.</summary>
    public const string UnreachableUrl = "http://127.0.0.1:1/";

    /// <param name="applier">Applies to the test cluster.</param>
    /// <param name="namespace">The test namespace.</param>
    /// <param name="controllerUrl">A controller replica's base URL, which the khjob's checker probes.</param>
    /// <param name="alwaysUpUrl">A URL that always answers 200, which the steady check probes.</param>
    public static async Task ApplyAllAsync(ManifestApplier applier, string @namespace, string controllerUrl, string alwaysUpUrl)
    {
        await applier.ApplyYamlAsync(DnsEndpointsReader(@namespace));
        foreach (var document in UpstreamExamples(@namespace))
        {
            await applier.ApplyAsync(document, @namespace);
        }

        await applier.ApplyYamlAsync(OwnChecks(controllerUrl), @namespace);
        await applier.ApplyYamlAsync(ShellCheck(Steady, alwaysUpUrl, runInterval: "30s", timeout: "30s"), @namespace);
        await applier.ApplyYamlAsync(V3Check(V3Passes, ok: true), @namespace);
        await applier.ApplyYamlAsync(V3Check(V3Fails, ok: false), @namespace);
    }

    /// <summary>A khcheck whose checker reports as Kuberhealthy v3's Go client does (v3-checker.sh), with the default reporting URL.</summary>
    private static string V3Check(string name, bool ok) => $$"""
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyCheck
        metadata: {name: {{name}}}
        spec:
          runInterval: 1h
          timeout: 1m
          podSpec:
            containers:
              - name: main
                image: busybox:1.36
                command: [sh, -c, {{System.Text.Json.JsonSerializer.Serialize(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "EndToEnd.Tests", "v3-checker.sh")))}}]
                env: [{name: V3_OK, value: "{{(ok ? "true" : "false")}}"}]
        """;

    /// <summary>
    /// The v2 example khchecks with their RBAC. Changes: the namespace (they name
    /// <c>kuberhealthy</c>, also in the daemonset check's POD_NAMESPACE); <c>NODE_MIN_AGE=0</c> on the DNS checks, whose upstream 3-minute wait
    /// for a young node would only slow the test; and the internal DNS check's
    /// <c>DNS_POD_SELECTOR</c>, whose example value <c>apps=k8s-dns</c> matches no kube-dns
    /// Endpoints (neither kubeadm's nor ours) and becomes the usual <c>k8s-app=kube-dns</c>.
    /// </summary>
    private static IEnumerable<JsonNode> UpstreamExamples(string @namespace)
    {
        string[] files =
        [
            "cmd__daemonset-check__daemonset-check.yaml",
            "cmd__deployment-check__deployment-check.yaml",
            "cmd__dns-resolution-check__internalDNSStatusCheck.yaml",
            "cmd__dns-resolution-check__externalDNSStatusCheck.yaml",
        ];
        foreach (var file in files)
        {
            foreach (var document in YamlToJson.ParseDocuments(File.ReadAllText(RepositoryPaths.Reference(Path.Combine("v2-master", file)))))
            {
                document["metadata"]!["namespace"] = @namespace;
                foreach (var subject in document["subjects"]?.AsArray() ?? [])
                {
                    subject!["namespace"] = @namespace;
                }

                foreach (var variable in document["spec"]?["podSpec"]?["containers"]?[0]?["env"]?.AsArray() ?? [])
                {
                    if ((string?)variable!["value"] == "kuberhealthy")
                    {
                        variable["value"] = @namespace; // the daemonset example's POD_NAMESPACE
                    }
                }

                if ((string?)document["kind"] == "KuberhealthyCheck" && ((string?)document["metadata"]!["name"])!.StartsWith("dns-", StringComparison.Ordinal))
                {
                    var env = document["spec"]!["podSpec"]!["containers"]![0]!["env"]!.AsArray();
                    env.Add(new JsonObject { ["name"] = "NODE_MIN_AGE", ["value"] = "0" });
                    foreach (var variable in env.Where(v => (string?)v!["name"] == "DNS_POD_SELECTOR"))
                    {
                        variable!["value"] = "k8s-app=kube-dns";
                    }
                }

                yield return document;
            }
        }
    }

    /// <summary>
    /// The internal DNS example reads the kube-dns Endpoints in kube-system as the namespace's
    /// default ServiceAccount, and ships no RBAC for it: this Role is what a user has to add.
    /// </summary>
    private static string DnsEndpointsReader(string @namespace) => $$"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: "dns-endpoints-reader-{{@namespace}}", namespace: kube-system}
        rules:
          - apiGroups: [""]
            resources: [endpoints]
            verbs: [get, list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: "dns-endpoints-reader-{{@namespace}}", namespace: kube-system}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "dns-endpoints-reader-{{@namespace}}"}
        subjects: [{kind: ServiceAccount, name: default, namespace: "{{@namespace}}"}]
        """;

    /// <summary>The checker of docs/examples/shell-checker.sh, run as the container's own command.</summary>
    private static string ShellChecker() =>
        System.Text.Json.JsonSerializer.Serialize(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "examples", "shell-checker.sh")));

    /// <summary>A khcheck running the shell checker, which reports OK when <paramref name="checkUrl"/> answers 2xx.</summary>
    public static string ShellCheck(string name, string checkUrl, string runInterval = "1h", string timeout = "1m") => $$"""
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyCheck
        metadata: {name: {{name}}}
        spec:
          runInterval: {{runInterval}}
          timeout: {{timeout}}
          podSpec:
            containers:
              - name: main
                image: busybox:1.36
                command: [sh, -c, {{ShellChecker()}}]
                env: [{name: CHECK_URL, value: "{{checkUrl}}"}]
        """;

    private static string OwnChecks(string controllerUrl) => $$"""
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyCheck
        metadata: {name: {{DnsOurImage}}}
        spec:
          runInterval: 1h
          timeout: 2m
          podSpec:
            containers:
              - name: main
                image: healthchecks/dns-check:dev
                env:
                  - {name: HOSTNAME, value: kubernetes.default}
                  - {name: NODE_MIN_AGE, value: "0"}
                  - name: NODE_NAME
                    valueFrom:
                      fieldRef: {fieldPath: spec.nodeName}
        ---
        {{ShellCheck(ReportsFailure, UnreachableUrl)}}
        ---
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyCheck
        metadata: {name: {{NeverReports}}}
        spec:
          runInterval: 1h
          timeout: 15s
          podSpec:
            containers:
              - {name: main, image: busybox:1.36, command: [sleep, "3600"]}
        ---
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyCheck
        metadata: {name: {{ExitsSilently}}}
        spec:
          runInterval: 1h
          timeout: 1m
          podSpec:
            containers:
              - {name: main, image: busybox:1.36, command: [sh, -c, "echo leaving without a report; exit 3"]}
        ---
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyCheck
        metadata: {name: {{MissingImage}}}
        spec:
          runInterval: 1h
          timeout: 1m
          podSpec:
            containers:
              - {name: main, image: "registry.invalid/healthchecks/no-such-image:1"}
        ---
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyCheck
        metadata: {name: {{InvalidInterval}}}
        spec:
          runInterval: 5 minutes
          timeout: 1m
          podSpec:
            containers:
              - {name: main, image: busybox:1.36, command: [sh, -c, "exit 0"]}
        ---
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyJob
        metadata: {name: {{Job}}}
        spec:
          timeout: 1m
          podSpec:
            containers:
              - name: main
                image: busybox:1.36
                command: [sh, -c, {{ShellChecker()}}]
                env: [{name: CHECK_URL, value: "{{controllerUrl}}/healthz"}]
        """;
}

using HealthChecks.Kube;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>A pod talks to the API server as its own ServiceAccount, so RBAC applies for real.</summary>
[Collection(SimulatorGroup.Name)]
public sealed class RbacTests(ControlPlaneFixture fixture)
{
    private readonly SimulatorDriver _sim = new(fixture);

    [Fact]
    public async Task PodToken_GetsWhatItsRoleAllows_AndNothingElse()
    {
        await using var ns = await fixture.CreateNamespaceAsync("rbac", waitForServiceAccount: true);
        await GrantPodReaderAsync(ns.Name);
        // curl through the kubernetes Service (KUBERNETES_SERVICE_IP:443, found by DNS) with the mounted token, as an in-cluster client does.
        const string Curl = "curl -sS -o /dev/null -w '%{http_code}' --cacert /run/secrets/kubernetes.io/serviceaccount/ca.crt -H \"Authorization: Bearer $(cat /run/secrets/kubernetes.io/serviceaccount/token)\" https://kubernetes.default.svc/api/v1/namespaces/$NS";
        var pod = PodSpecs.Shell(ns.Name, "rbac", $"echo pods=$({Curl}/pods); echo secrets=$({Curl}/secrets)", image: "curlimages/curl:8.5.0");
        pod.Spec!.ServiceAccountName = "reader";
        pod.Spec.Containers![0].Env = [new V1EnvVar { Name = "NS", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } } }];
        var created = await _sim.CreateAsync(pod);

        var done = await _sim.WaitForPhaseAsync(created, "Succeeded");
        var log = await _sim.LogAsync(done);
        Assert.Contains("pods=200", log, StringComparison.Ordinal);
        Assert.Contains("secrets=403", log, StringComparison.Ordinal);

        // The KUBECONFIG handed to the pod carries the same identity.
        using var asPod = KubeClients.CreateFromKubeconfig(Path.Combine(_sim.FolderOf(done), "kubeconfig"));
        Assert.NotEmpty((await asPod.CoreV1.ListNamespacedPodAsync(ns.Name)).Items);
        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => asPod.CoreV1.ListNamespacedSecretAsync(ns.Name));
        Assert.Contains($"system:serviceaccount:{ns.Name}:reader", forbidden.Describe(), StringComparison.Ordinal);
    }

    private async Task GrantPodReaderAsync(string ns)
    {
        await new ManifestApplier(fixture.Client).ApplyYamlAsync($$"""
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: reader, namespace: {{ns}}}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: pod-reader, namespace: {{ns}}}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: reader-reads-pods, namespace: {{ns}}}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
            subjects: [{kind: ServiceAccount, name: reader, namespace: {{ns}}}]
            """);
        // The pod is refused until the token controller has given the ServiceAccount its Secret.
        await Eventually.TrueAsync(async () => (await fixture.Client.CoreV1.ReadNamespacedServiceAccountAsync("reader", ns).OrNullIfNotFound())?.Secrets is { Count: > 0 }, TimeSpan.FromSeconds(30), "the reader ServiceAccount's token");
    }
}

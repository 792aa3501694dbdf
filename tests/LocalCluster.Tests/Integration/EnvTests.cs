using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

[Collection(SimulatorGroup.Name)]
public sealed class EnvTests(ControlPlaneFixture fixture)
{
    private readonly SimulatorDriver _sim = new(fixture);

    private static V1EnvVar Field(string name, string path) => new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };

    [Fact]
    public async Task ContainerEnv_IsResolvedIntoTheProcess()
    {
        await using var ns = await fixture.CreateNamespaceAsync("env", waitForServiceAccount: true);
        await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "creds", NamespaceProperty = ns.Name }, Data = new Dictionary<string, byte[]> { ["password"] = "s3cret"u8.ToArray() } }, ns.Name);
        await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = ns.Name }, Data = new Dictionary<string, string> { ["mode"] = "fast" } }, ns.Name);
        var pod = PodSpecs.Shell(ns.Name, "env", "env | sort");
        pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "envtest" };
        pod.Spec!.Containers![0].Env =
        [
            new V1EnvVar { Name = "PLAIN", Value = "v1" },
            new V1EnvVar { Name = "EXPANDED", Value = "$(PLAIN)-x" },
            Field("POD_NAME", "metadata.name"),
            Field("POD_NAMESPACE", "metadata.namespace"),
            Field("POD_APP", "metadata.labels['app']"),
            Field("NODE_NAME", "spec.nodeName"),
            Field("POD_IP", "status.podIP"),
            new V1EnvVar { Name = "PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "password" } } },
            new V1EnvVar { Name = "MODE", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "mode" } } },
            new V1EnvVar { Name = "MAYBE", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "absent", Key = "k", Optional = true } } },
        ];

        var created = await _sim.CreateAsync(pod);
        var done = await _sim.WaitForPhaseAsync(created, "Succeeded");
        var env = (await _sim.LogAsync(done)).Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

        Assert.Equal("v1", env["PLAIN"]);
        Assert.Equal("v1-x", env["EXPANDED"]);
        Assert.Equal("env", env["POD_NAME"]);
        Assert.Equal(ns.Name, env["POD_NAMESPACE"]);
        Assert.Equal("envtest", env["POD_APP"]);
        Assert.Equal(done.Spec!.NodeName, env["NODE_NAME"]);
        Assert.Equal(done.Status!.PodIP, env["POD_IP"]);
        Assert.Equal("s3cret", env["PASSWORD"]);
        Assert.Equal("fast", env["MODE"]);
        Assert.False(env.ContainsKey("MAYBE"));
        Assert.Equal("env", env["HOSTNAME"]);
        Assert.Equal(_sim.KubernetesServiceIp, env["KUBERNETES_SERVICE_HOST"]);
        Assert.Equal(Path.Combine(_sim.FolderOf(done), "kubeconfig"), env["KUBECONFIG"]);
        Assert.Equal(_sim.PodLocalPrefix + done.Status.PodIP!["10.244.".Length..], env["HC_POD_LOCAL_IP"]);
    }

    [Fact]
    public async Task ExplicitHostname_Wins()
    {
        await using var ns = await fixture.CreateNamespaceAsync("env", waitForServiceAccount: true);
        var pod = PodSpecs.Shell(ns.Name, "named", "echo HOSTNAME=$HOSTNAME");
        pod.Spec!.Containers![0].Env = [new V1EnvVar { Name = "HOSTNAME", Value = "chosen" }];
        var done = await _sim.WaitForPhaseAsync(await _sim.CreateAsync(pod), "Succeeded");
        Assert.Contains("HOSTNAME=chosen", await _sim.LogAsync(done), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSecret_IsCreateContainerConfigError_UntilItExists()
    {
        await using var ns = await fixture.CreateNamespaceAsync("env", waitForServiceAccount: true);
        var pod = PodSpecs.Shell(ns.Name, "waits", "echo got $TOKEN");
        pod.Spec!.Containers![0].Env = [new V1EnvVar { Name = "TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "later", Key = "t" } } }];
        var created = await _sim.CreateAsync(pod);

        var waiting = await _sim.WaitAsync(created, p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "CreateContainerConfigError", "CreateContainerConfigError");
        Assert.Equal("Pending", waiting.Status!.Phase);
        Assert.Equal("secret \"later\" not found", waiting.Status.ContainerStatuses![0].State!.Waiting!.Message);

        await fixture.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "later", NamespaceProperty = ns.Name }, Data = new Dictionary<string, byte[]> { ["t"] = "abc"u8.ToArray() } }, ns.Name);
        var done = await _sim.WaitForPhaseAsync(created, "Succeeded");
        Assert.Contains("got abc", await _sim.LogAsync(done), StringComparison.Ordinal);
    }
}

using System.Text;
using HealthChecks.LocalCluster.Networking;
using HealthChecks.LocalCluster.Pods;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class EnvResolverTests
{
    private static readonly PodFacts Facts = new("10.244.0.7", "127.100.255.2", "127.100.0.7");

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "p1",
            NamespaceProperty = "ns1",
            Uid = "uid-1",
            Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "a" },
            Annotations = new Dictionary<string, string> { ["note"] = "hi" },
        },
        Spec = new V1PodSpec { NodeName = "sim-node-2", ServiceAccountName = "checker" },
    };

    private static readonly FakeObjects Objects = new FakeObjects()
        .Secret("creds", ("user", "alice"), ("pass", "s3cret"))
        .ConfigMap("settings", ("MODE", "fast"), ("bad key", "x"));

    private static Task<EnvResolution> Resolve(params V1EnvVar[] env) => Resolve(env, null);

    private static Task<EnvResolution> Resolve(V1EnvVar[] env, List<V1EnvFromSource>? from) =>
        EnvResolver.ResolveAsync(Pod(), new V1Container { Name = "c", Env = [.. env], EnvFrom = from }, Facts, Objects, CancellationToken.None);

    private static V1EnvVar Field(string name, string path) => new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };

    private static V1EnvVar SecretRef(string name, string secret, string key, bool? optional = null) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key, Optional = optional } } };

    private static V1EnvVar ConfigMapRef(string name, string map, string key, bool? optional = null) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = map, Key = key, Optional = optional } } };

    [Fact]
    public async Task Values_AreExpandedAgainstEarlierVariables()
    {
        var env = await Resolve(new V1EnvVar { Name = "A", Value = "x" }, new V1EnvVar { Name = "B", Value = "$(A)-$(LATER)-$$(A)" }, new V1EnvVar { Name = "LATER", Value = "y" });
        Assert.Null(env.Error);
        Assert.Equal("x-$(LATER)-$(A)", env["B"]);
        Assert.Equal(["A", "B", "LATER"], env.Variables.Select(v => v.Key));
    }

    [Theory]
    [InlineData("metadata.name", "p1")]
    [InlineData("metadata.namespace", "ns1")]
    [InlineData("metadata.uid", "uid-1")]
    [InlineData("metadata.labels['app']", "web")]
    [InlineData("metadata.labels['missing']", "")]
    [InlineData("metadata.annotations['note']", "hi")]
    [InlineData("metadata.labels", "app=\"web\"\ntier=\"a\"")]
    [InlineData("spec.nodeName", "sim-node-2")]
    [InlineData("spec.serviceAccountName", "checker")]
    [InlineData("status.podIP", "10.244.0.7")]
    [InlineData("status.hostIP", "127.100.255.2")]
    public async Task FieldRefs_AreResolved(string path, string expected) =>
        Assert.Equal(expected, (await Resolve(Field("V", path)))["V"]);

    [Fact]
    public async Task UnsupportedFieldRef_FailsTheContainer() =>
        Assert.Equal("unsupported fieldRef spec.nope", (await Resolve(Field("V", "spec.nope"))).Error);

    [Fact]
    public async Task SecretAndConfigMapKeys_AreRead()
    {
        var env = await Resolve(SecretRef("USER", "creds", "user"), ConfigMapRef("MODE", "settings", "MODE"));
        Assert.Null(env.Error);
        Assert.Equal("alice", env["USER"]);
        Assert.Equal("fast", env["MODE"]);
    }

    [Theory]
    [InlineData("gone", "user", "secret \"gone\" not found")]
    [InlineData("creds", "nokey", "couldn't find key nokey in Secret ns1/creds")]
    public async Task MissingRequiredSecret_IsAConfigError(string secret, string key, string error) =>
        Assert.Equal(error, (await Resolve(SecretRef("X", secret, key))).Error);

    [Theory]
    [InlineData("gone", "MODE", "configmap \"gone\" not found")]
    [InlineData("settings", "nokey", "couldn't find key nokey in ConfigMap ns1/settings")]
    public async Task MissingRequiredConfigMap_IsAConfigError(string map, string key, string error) =>
        Assert.Equal(error, (await Resolve(ConfigMapRef("X", map, key))).Error);

    [Fact]
    public async Task MissingOptionalReferences_AreSkipped()
    {
        var env = await Resolve(SecretRef("A", "gone", "k", optional: true), ConfigMapRef("B", "settings", "nokey", optional: true), new V1EnvVar { Name = "C", Value = "c" });
        Assert.Null(env.Error);
        Assert.Equal(["C"], env.Variables.Select(v => v.Key));
    }

    [Fact]
    public async Task EnvFrom_ComesFirst_WithPrefix_InvalidNamesSkipped_AndEnvWins()
    {
        var from = new List<V1EnvFromSource>
        {
            new() { ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" }, Prefix = "CFG_" },
            new() { SecretRef = new V1SecretEnvSource { Name = "creds" } },
        };
        var env = await Resolve([new V1EnvVar { Name = "user", Value = "bob" }], from);
        Assert.Null(env.Error);
        Assert.Equal("fast", env["CFG_MODE"]);
        Assert.Null(env["CFG_bad key"]);
        Assert.Equal("bob", env["user"]);
        Assert.Equal("s3cret", env["pass"]);
    }

    [Fact]
    public async Task EnvFrom_MissingRequiredSource_FailsAndOptionalIsSkipped()
    {
        var required = await Resolve([], [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "gone" } }]);
        Assert.Equal("secret \"gone\" not found", required.Error);
        var optional = await Resolve([], [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "gone", Optional = true } }]);
        Assert.Null(optional.Error);
        Assert.Empty(optional.Variables);
    }

    [Fact]
    public void ContainerEnvironment_AddsKubeletVariables_ContainerHostnameWins_SimulatorVariablesWinOverAll()
    {
        var resolved = new EnvResolution([new("HOSTNAME", "from-spec"), new("KUBECONFIG", "/theirs"), new("A", "1")], null);
        var env = ContainerEnvironment.Build(resolved, "p1", Facts, "/pods/p1/kubeconfig", name => name == "PATH" ? "/host/bin" : null, NetworkLayout.Default)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("from-spec", env["HOSTNAME"]);
        Assert.Equal("/pods/p1/kubeconfig", env["KUBECONFIG"]);
        Assert.Equal("127.96.0.1", env["KUBERNETES_SERVICE_HOST"]);
        Assert.Equal("443", env["KUBERNETES_SERVICE_PORT"]);
        Assert.Equal("/host/bin", env["PATH"]);
        Assert.Equal("127.100.0.7", env["HC_POD_LOCAL_IP"]);
        Assert.Equal("10.244.0.0/16=127.100.0.0/16", env["HC_POD_IP_LOOPBACK_MAP"]);
        Assert.Equal("1", env["A"]);
        Assert.False(env.ContainsKey("HOME"));

        var withoutHostname = ContainerEnvironment.Build(new EnvResolution([], null), "p1", Facts, "/k", _ => null, NetworkLayout.Parse("127.97.0.0/16", "127.101.0.0/16")).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("p1", withoutHostname["HOSTNAME"]);
        Assert.Equal("127.97.0.1", withoutHostname["KUBERNETES_SERVICE_HOST"]);
        Assert.Equal("10.244.0.0/16=127.101.0.0/16", withoutHostname["HC_POD_IP_LOOPBACK_MAP"]);
    }

    private sealed class FakeObjects : IPodObjectSource
    {
        private readonly Dictionary<string, V1Secret> _secrets = [];
        private readonly Dictionary<string, V1ConfigMap> _maps = [];

        public FakeObjects Secret(string name, params (string Key, string Value)[] data)
        {
            _secrets[name] = new V1Secret { Data = data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value)) };
            return this;
        }

        public FakeObjects ConfigMap(string name, params (string Key, string Value)[] data)
        {
            _maps[name] = new V1ConfigMap { Data = data.ToDictionary(d => d.Key, d => d.Value) };
            return this;
        }

        public Task<V1Secret?> GetSecretAsync(string @namespace, string name, CancellationToken cancellationToken) =>
            Task.FromResult(@namespace == "ns1" ? _secrets.GetValueOrDefault(name) : null);

        public Task<V1ConfigMap?> GetConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken) =>
            Task.FromResult(@namespace == "ns1" ? _maps.GetValueOrDefault(name) : null);
    }
}

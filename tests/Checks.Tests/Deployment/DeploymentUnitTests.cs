using HealthChecks.CheckSdk.Options;
using HealthChecks.Checks.Deployment;
using k8s.Models;
using HealthChecks.TestKit;
using HealthChecks.TestKit.PodSecurity;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Checks.Tests.Deployment;

public sealed class DeploymentUnitTests
{
    private static DeploymentCheckOptions Parse(params (string, string)[] values) =>
        DeploymentCheckOptions.FromEnvironment(TestEnvironment.Of(values), () => null);

    [Fact]
    public void FromEnvironment_Nothing_UpstreamDefaults()
    {
        var o = Parse();
        Assert.Equal(("nginxinc/nginx-unprivileged:1.17.8", "nginxinc/nginx-unprivileged:1.17.9"), (o.Image, o.RollToImage));
        Assert.Equal(("deployment-deployment", "deployment-svc", "kuberhealthy"), (o.DeploymentName, o.ServiceName, o.Namespace));
        Assert.Equal((2, false, 8080, 80, "default"), (o.Replicas, o.RollingUpdate, o.ContainerPort, o.ServicePort, o.ServiceAccount));
        Assert.Equal((15, 75, 20, 75), (o.CpuRequestMillicores, o.CpuLimitMillicores, o.MemoryRequestMebibytes, o.MemoryLimitMebibytes));
        Assert.Equal(TimeSpan.FromSeconds(30), o.ShutdownGracePeriod);
    }

    [Fact]
    public void FromEnvironment_Everything_Parses()
    {
        var o = Parse(
            ("CHECK_IMAGE", "web:1"), ("CHECK_IMAGE_ROLL_TO", "web:2"), ("CHECK_IMAGE_PULL_SECRET", "regcred"), ("CHECK_DEPLOYMENT_NAME", "d"),
            ("CHECK_SERVICE_NAME", "s"), ("CHECK_NAMESPACE", "ns"), ("CHECK_DEPLOYMENT_REPLICAS", "4"), ("CHECK_DEPLOYMENT_ROLLING_UPDATE", "true"),
            ("CHECK_CONTAINER_PORT", "9000"), ("CHECK_LOAD_BALANCER_PORT", "8081"), ("CHECK_SERVICE_ACCOUNT", "sa"), ("CHECK_POD_CPU_REQUEST", "10"),
            ("CHECK_POD_CPU_LIMIT", "20"), ("CHECK_POD_MEM_REQUEST", "30"), ("CHECK_POD_MEM_LIMIT", "40"), ("NODE_SELECTOR", "pool=a"),
            ("TOLERATIONS", "dedicated=infra:NoSchedule"), ("ADDITIONAL_ENV_VARS", "X=foo,Y=bar"), ("SHUTDOWN_GRACE_PERIOD", "45s"));

        Assert.Equal(("web:1", "web:2", "regcred", "d", "s", "ns"), (o.Image, o.RollToImage, o.ImagePullSecret, o.DeploymentName, o.ServiceName, o.Namespace));
        Assert.Equal((4, true, 9000, 8081, "sa"), (o.Replicas, o.RollingUpdate, o.ContainerPort, o.ServicePort, o.ServiceAccount));
        Assert.Equal((10, 20, 30, 40), (o.CpuRequestMillicores, o.CpuLimitMillicores, o.MemoryRequestMebibytes, o.MemoryLimitMebibytes));
        Assert.Equal("a", o.NodeSelector["pool"]);
        Assert.Equal("infra", Assert.Single(o.Tolerations).Value);
        Assert.Equal(new Dictionary<string, string> { ["X"] = "foo", ["Y"] = "bar" }, o.AdditionalEnv);
        Assert.Equal(TimeSpan.FromSeconds(45), o.ShutdownGracePeriod);
    }

    [Fact]
    public void FromEnvironment_RollToTheSameImage_BothResetToTheDefaults()
    {
        var o = Parse(("CHECK_DEPLOYMENT_ROLLING_UPDATE", "true"), ("CHECK_IMAGE", "web:1"), ("CHECK_IMAGE_ROLL_TO", "web:1"));
        Assert.Equal((DeploymentCheckOptions.DefaultImage, DeploymentCheckOptions.DefaultRollToImage), (o.Image, o.RollToImage));
    }

    [Fact]
    public void FromEnvironment_NamespaceFallsBackToThePodsNamespace() =>
        Assert.Equal("mine", Parse(("KH_POD_NAMESPACE", "mine")).Namespace);

    [Fact]
    public void FromEnvironment_BadValues_AllNamedInOneError()
    {
        var error = Assert.Throws<EnvOptionsException>(() => Parse(("CHECK_DEPLOYMENT_REPLICAS", "0"), ("CHECK_CONTAINER_PORT", "http"), ("CHECK_DEPLOYMENT_ROLLING_UPDATE", "maybe"), ("ADDITIONAL_ENV_VARS", "X"), ("CHECK_POD_MEM_LIMIT", "1")));
        Assert.Equal(["CHECK_DEPLOYMENT_REPLICAS", "CHECK_DEPLOYMENT_ROLLING_UPDATE", "CHECK_CONTAINER_PORT", "ADDITIONAL_ENV_VARS", "CHECK_POD_MEM_LIMIT"], error.Problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void BuildDeployment_UpstreamShape()
    {
        var options = new DeploymentCheckOptions { Replicas = 3, AdditionalEnv = new Dictionary<string, string> { ["X"] = "foo" }, ImagePullSecret = "regcred" };
        var d = DeploymentSpecBuilder.BuildDeployment(options, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        Assert.Equal("unix-1700000000", d.Metadata.Labels!["deployment-timestamp"]);
        Assert.Equal(2, d.Spec!.Strategy!.RollingUpdate!.MaxSurge!.ToInt()); // ceil(3/2)
        Assert.Equal(2, d.Spec.Strategy.RollingUpdate.MaxUnavailable!.ToInt());
        var pod = d.Spec.Template!.Spec!;
        var container = Assert.Single(pod.Containers!);
        Assert.Equal(("deployment-container", "IfNotPresent", 8080), (container.Name, container.ImagePullPolicy, container.Ports![0].ContainerPort));
        Assert.Equal(("15m", "75m", "20Mi", "75Mi"), (container.Resources!.Requests!["cpu"].ToString(), container.Resources.Limits!["cpu"].ToString(), container.Resources.Requests["memory"].ToString(), container.Resources.Limits["memory"].ToString()));
        Assert.Equal(8080, container.ReadinessProbe!.TcpSocket!.Port!.ToInt());
        Assert.Equal("foo", Assert.Single(container.Env!).Value);
        Assert.Equal(("Always", 1L, "regcred"), (pod.RestartPolicy, pod.TerminationGracePeriodSeconds!.Value, pod.ImagePullSecrets![0].Name));
        var service = DeploymentSpecBuilder.BuildService(options, new Dictionary<string, string>(d.Spec.Selector!.MatchLabels!));
        Assert.Equal(("ClusterIP", 80, 8080), (service.Spec!.Type, service.Spec.Ports![0].Port, service.Spec.Ports[0].TargetPort!.ToInt()));
        Assert.Equal(d.Spec.Selector.MatchLabels, service.Spec.Selector);
    }

    [Fact]
    public void BuildDeployment_PodsAreRestricted_AsTheImagesOwnUser()
    {
        var pod = DeploymentSpecBuilder.BuildDeployment(new DeploymentCheckOptions(), DateTimeOffset.UnixEpoch).Spec!.Template!;

        var violations = RestrictedProfile.Check(pod);

        Assert.True(violations.Count == 0, RestrictedProfile.Describe(violations));
        // nginx-unprivileged runs as its numeric USER 101 and listens on 8080: nothing to add back.
        Assert.Equal((null, null), (pod.Spec.SecurityContext.RunAsUser, pod.Spec.SecurityContext.RunAsGroup));
        Assert.Null(pod.Spec.Containers[0].SecurityContext.Capabilities.Add);
        Assert.Null(pod.Spec.Containers[0].SecurityContext.ReadOnlyRootFilesystem); // nginx writes its cache
    }

    [Fact]
    public void BuildDeployment_PortBelow1024AndGivenUser_StayRestricted()
    {
        var options = Parse(("CHECK_CONTAINER_PORT", "80"), ("CHECK_POD_RUN_AS_USER", "1000"), ("CHECK_POD_RUN_AS_GROUP", "0"));
        var pod = DeploymentSpecBuilder.BuildDeployment(options, DateTimeOffset.UnixEpoch).Spec!.Template!;

        var violations = RestrictedProfile.Check(pod);

        Assert.True(violations.Count == 0, RestrictedProfile.Describe(violations));
        Assert.Equal(["NET_BIND_SERVICE"], pod.Spec.Containers[0].SecurityContext.Capabilities.Add);
        Assert.Equal((1000L, 0L), (pod.Spec.SecurityContext.RunAsUser, pod.Spec.SecurityContext.RunAsGroup));
    }

    [Fact]
    public void FromEnvironment_RunAsRoot_IsRefused()
    {
        var error = Assert.Throws<EnvOptionsException>(() => Parse(("CHECK_POD_RUN_AS_USER", "0"), ("CHECK_POD_RUN_AS_GROUP", "-1")));
        Assert.Equal(["CHECK_POD_RUN_AS_USER", "CHECK_POD_RUN_AS_GROUP"], error.Problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    private static V1Deployment Status(long generation, long observed, int replicas, int ready, int available, int updated, int unavailable, bool availableCondition) => new()
    {
        Metadata = new V1ObjectMeta { Generation = generation },
        Spec = new V1DeploymentSpec { Replicas = replicas },
        Status = new V1DeploymentStatus
        {
            ObservedGeneration = observed, Replicas = replicas, ReadyReplicas = ready, AvailableReplicas = available, UpdatedReplicas = updated, UnavailableReplicas = unavailable,
            Conditions = [new V1DeploymentCondition { Type = "Available", Status = availableCondition ? "True" : "False" }],
        },
    };

    [Fact]
    public void StatusDecisions_AvailableAndRolledOut()
    {
        Assert.True(DeploymentStatusCheck.IsAvailable(Status(1, 1, 2, 2, 2, 2, 0, true), 2));
        Assert.False(DeploymentStatusCheck.IsAvailable(Status(1, 1, 2, 2, 2, 2, 0, false), 2));
        Assert.False(DeploymentStatusCheck.IsAvailable(Status(1, 1, 2, 1, 1, 2, 1, true), 2));
        Assert.False(DeploymentStatusCheck.IsAvailable(Status(2, 1, 2, 2, 2, 2, 0, true), 2)); // status of an older spec
        Assert.True(DeploymentStatusCheck.IsRolledOut(Status(2, 2, 2, 2, 2, 2, 0, true), 2));
        Assert.False(DeploymentStatusCheck.IsRolledOut(Status(2, 2, 2, 2, 2, 1, 0, true), 2));
        Assert.False(DeploymentStatusCheck.IsRolledOut(Status(2, 2, 2, 2, 2, 2, 1, true), 2));
    }

    [Fact]
    public void UrlFor_BracketsIpv6() =>
        Assert.Equal(("http://127.96.0.7/", "http://[fd00::7]:8080/"), (ServiceProbe.UrlFor("127.96.0.7", 80).ToString(), ServiceProbe.UrlFor("fd00::7", 8080).ToString()));

    [Fact]
    public async Task ServiceProbe_RetriesUntil200()
    {
        int[] answers = [502, 503, 200];
        await using var server = await LoopbackHttpServer.StartAsync((_, n) => new CannedResponse(answers[Math.Min(n, 3) - 1]));
        using var http = new HttpClient();
        var probe = new ServiceProbe(http, new DeploymentCheckOptions { RequestRetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, NullLogger.Instance);

        Assert.Null(await probe.ExpectOkAsync(server.BaseUri, default));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task ServiceProbe_Never200_GivesUpAfterTheAttemptsWithTheLastAnswer()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(500));
        using var http = new HttpClient();
        var probe = new ServiceProbe(http, new DeploymentCheckOptions { RequestAttempts = 4, RequestRetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, NullLogger.Instance);

        Assert.Equal($"no 200 from {server.BaseUri} after retries (last: HTTP 500)", await probe.ExpectOkAsync(server.BaseUri, default));
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task ServiceProbe_NothingListening_GivesUpWithTheConnectionError()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/");
        using var http = new HttpClient();
        var probe = new ServiceProbe(http, new DeploymentCheckOptions { RequestAttempts = 3, RequestRetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, NullLogger.Instance);

        Assert.Equal($"no 200 from {url} after retries (last: Connection refused)", await probe.ExpectOkAsync(url, default));
    }
}

using HealthChecks.Controller.Runs;
using HealthChecks.TestKit.PodSecurity;
using k8s;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Runs;

public class CheckPodFactoryTests
{
    private const string ReportingUrl = "http://kuberhealthy.kuberhealthy.svc.cluster.local/externalCheckStatus";

    private static readonly RunTicket Run = Ticket(podName: "dns-0f8fad5b");

    private static CheckDefinition Definition(V1PodSpec? podSpec = null, Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null)
    {
        var check = Check(name: "dns", ns: "team-a", podSpec: podSpec ?? new V1PodSpec
        {
            RestartPolicy = "Always",
            InitContainers = [new V1Container { Name = "init", Image = "init:1", Env = [new V1EnvVar { Name = "KH_RUN_UUID", Value = "init-keeps" }] }],
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "checker:1",
                    Env =
                    [
                        new V1EnvVar { Name = "TARGET", Value = "example.com" },
                        new V1EnvVar { Name = "KH_RUN_UUID", Value = "spoofed" },
                        new V1EnvVar { Name = "KH_REPORTING_URL", Value = "http://evil" },
                        new V1EnvVar { Name = "KH_CHECK_RUN_DEADLINE", Value = "1" },
                        new V1EnvVar { Name = "KH_POD_NAMESPACE", Value = "other" },
                        new V1EnvVar { Name = "LAST", Value = "z" },
                    ],
                },
                new V1Container { Name = "sidecar", Image = "sidecar:1" },
            ],
        });
        check.Spec.ExtraLabels = labels;
        check.Spec.ExtraAnnotations = annotations;
        return CheckDefinition.FromCheck(check);
    }

    [Fact]
    public void Build_EveryContainer_GetsTheFourContractVariables()
    {
        var pod = CheckPodFactory.Build(Definition(), Run, ReportingUrl);

        Assert.Equal(2, pod.Spec!.Containers!.Count);
        foreach (var container in pod.Spec.Containers)
        {
            var env = container.Env!;
            Assert.Equal(ReportingUrl, Assert.Single(env, e => e.Name == "KH_REPORTING_URL").Value);
            Assert.Equal(Run.Uuid, Assert.Single(env, e => e.Name == "KH_RUN_UUID").Value);
            Assert.Equal(Run.Deadline.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(env, e => e.Name == "KH_CHECK_RUN_DEADLINE").Value);
            Assert.Equal("1704110700", Assert.Single(env, e => e.Name == "KH_CHECK_RUN_DEADLINE").Value);
            var ns = Assert.Single(env, e => e.Name == "KH_POD_NAMESPACE");
            Assert.Null(ns.Value);
            Assert.Equal("metadata.namespace", ns.ValueFrom?.FieldRef?.FieldPath);
        }
    }

    [Fact]
    public void Build_UserVariables_KeptInOrderAndContractOnesReplaced()
    {
        var pod = CheckPodFactory.Build(Definition(), Run, ReportingUrl);

        var main = pod.Spec!.Containers![0];
        Assert.Equal(
            ["TARGET", "LAST", "KH_REPORTING_URL", "KH_RUN_UUID", "KH_CHECK_RUN_DEADLINE", "KH_POD_NAMESPACE"],
            main.Env!.Select(e => e.Name));
        Assert.Equal("example.com", main.Env![0].Value);
        Assert.Equal("z", main.Env[1].Value);
    }

    [Fact]
    public void Build_InitContainers_LeftAsUpstreamV2Does()
    {
        var pod = CheckPodFactory.Build(Definition(), Run, ReportingUrl);

        var init = Assert.Single(pod.Spec!.InitContainers!);
        Assert.Equal("init-keeps", Assert.Single(init.Env!).Value);
    }

    [Fact]
    public void Build_Metadata_NameNamespaceRestartPolicy()
    {
        var pod = CheckPodFactory.Build(Definition(), Run, ReportingUrl);

        Assert.Equal("v1", pod.ApiVersion);
        Assert.Equal("Pod", pod.Kind);
        Assert.Equal("dns-0f8fad5b", pod.Metadata.Name);
        Assert.Equal("team-a", pod.Metadata.NamespaceProperty);
        Assert.Equal("Never", pod.Spec!.RestartPolicy);
    }

    [Fact]
    public void Build_Labels_ExtraFirstForcedWin()
    {
        var labels = new Dictionary<string, string>
        {
            ["team"] = "net",
            ["app"] = "mine",
            ["kuberhealthy-run-id"] = "spoofed",
            ["kuberhealthy-check-name"] = "spoofed",
        };

        var pod = CheckPodFactory.Build(Definition(labels: labels), Run, ReportingUrl);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["team"] = "net",
                ["app"] = "kuberhealthy-check",
                ["kuberhealthy-run-id"] = Run.Uuid,
                ["kuberhealthy-check-name"] = "dns",
            },
            pod.Metadata.Labels);
    }

    [Fact]
    public void Build_Annotations_ExtraKeptAndCheckNameForced()
    {
        var annotations = new Dictionary<string, string> { ["note"] = "hello", ["comcast.github.io/check-name"] = "spoofed" };

        var pod = CheckPodFactory.Build(Definition(annotations: annotations), Run, ReportingUrl);

        Assert.Equal(
            new Dictionary<string, string> { ["note"] = "hello", ["comcast.github.io/check-name"] = "dns" },
            pod.Metadata.Annotations);
    }

    [Fact]
    public void Build_LongCheckName_LabelShortenedAnnotationFull()
    {
        var name = new string('c', 80);
        var definition = CheckDefinition.FromCheck(Check(name: name));

        var pod = CheckPodFactory.Build(definition, Run, ReportingUrl);

        Assert.Equal(CheckLabels.CheckNameValue(name), pod.Metadata.Labels!["kuberhealthy-check-name"]);
        Assert.True(pod.Metadata.Labels["kuberhealthy-check-name"].Length <= 63);
        Assert.Equal(name, pod.Metadata.Annotations!["comcast.github.io/check-name"]);
    }

    [Fact]
    public void Build_Check_OwnedByTheKhcheck()
    {
        var pod = CheckPodFactory.Build(Definition(), Run, ReportingUrl);

        var owner = Assert.Single(pod.Metadata.OwnerReferences!);
        Assert.Equal("comcast.github.io/v1", owner.ApiVersion);
        Assert.Equal("KuberhealthyCheck", owner.Kind);
        Assert.Equal("dns", owner.Name);
        Assert.Equal("uid-dns", owner.Uid);
        Assert.True(owner.Controller);
    }

    [Fact]
    public void Build_Job_OwnedByTheKhjob()
    {
        var definition = CheckDefinition.FromJob(Job(name: "once"));

        var pod = CheckPodFactory.Build(definition, Run, ReportingUrl);

        var owner = Assert.Single(pod.Metadata.OwnerReferences!);
        Assert.Equal("comcast.github.io/v1", owner.ApiVersion);
        Assert.Equal("KuberhealthyJob", owner.Kind);
        Assert.Equal("once", owner.Name);
        Assert.Equal("uid-once", owner.Uid);
        Assert.True(owner.Controller);
    }

    [Fact]
    public void Build_CachedSpec_NotModified()
    {
        var definition = Definition(labels: new() { ["team"] = "net" });
        var before = KubernetesJson.Serialize(definition.PodSpec!);

        var pod = CheckPodFactory.Build(definition, Run, ReportingUrl);

        Assert.Equal(before, KubernetesJson.Serialize(definition.PodSpec!));
        Assert.Equal("Always", definition.PodSpec!.RestartPolicy);
        Assert.Equal(6, definition.PodSpec.Containers![0].Env!.Count);
        Assert.Null(definition.PodSpec.Containers[1].Env);
        Assert.NotSame(definition.PodSpec, pod.Spec);
        Assert.Equal(["team"], definition.ExtraLabels.Keys);
    }

    [Fact]
    public void Build_FieldsOutsideTheModel_Preserved()
    {
        const string json = """
            {"containers":[{"name":"main","image":"checker:1","stdin":true}],
             "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}]}}}}
            """;
        var spec = KubernetesJson.Deserialize<V1PodSpec>(json)!;

        var pod = CheckPodFactory.Build(Definition(podSpec: spec), Run, ReportingUrl);

        var built = KubernetesJson.Serialize(pod.Spec!);
        Assert.Contains("\"affinity\":{\"nodeAffinity\"", built, StringComparison.Ordinal);
        Assert.Contains("\"stdin\":true", built, StringComparison.Ordinal);
    }

    /// <summary>
    /// What the controller adds (env, labels, the check-name annotation, restartPolicy, the owner)
    /// touches no control of the "restricted" Pod Security Standard, and it adds no
    /// securityContext of its own: a compliant podSpec gives a compliant pod, and a podSpec without
    /// one stays as its author wrote it (upstream v2 does the same; the image decides its user).
    /// </summary>
    [Fact]
    public void Build_RestrictedPodSpec_GivesARestrictedPod()
    {
        var hardened = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } };
        var spec = Definition().PodSpec!;
        spec.SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 999, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } };
        foreach (var container in spec.InitContainers.Concat(spec.Containers))
        {
            container.SecurityContext = hardened;
        }

        Assert.Empty(RestrictedProfile.Check(spec));
        var annotations = new Dictionary<string, string> { ["note"] = "hello" };

        var pod = CheckPodFactory.Build(Definition(podSpec: spec, labels: new() { ["team"] = "net" }, annotations: annotations), Run, ReportingUrl);

        Assert.True(RestrictedProfile.Check(pod).Count == 0, RestrictedProfile.Describe(RestrictedProfile.Check(pod)));
        Assert.Equal(KubernetesJson.Serialize(spec.SecurityContext), KubernetesJson.Serialize(pod.Spec!.SecurityContext));
    }

    [Fact]
    public void Build_PodSpecWithoutSecurityContext_GetsNone()
    {
        var pod = CheckPodFactory.Build(Definition(), Run, ReportingUrl);

        Assert.Null(pod.Spec!.SecurityContext);
        Assert.All(pod.Spec.Containers.Concat(pod.Spec.InitContainers), c => Assert.Null(c.SecurityContext));
        Assert.NotEmpty(RestrictedProfile.Check(pod));
    }
}

using HealthChecks.TestKit.PodSecurity;
using k8s.Models;
using Xunit.Sdk;

namespace HealthChecks.Kube.Tests.PodSecurity;

/// <summary>The assertion the cluster tests make on the pods they recorded.</summary>
public sealed class PodSecurityAssertTests
{
    internal static V1Pod Pod(string name, bool restricted) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            SecurityContext = restricted ? new V1PodSecurityContext { RunAsNonRoot = true, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } } : null,
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "m",
                    SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                },
            ],
        },
    };

    [Fact]
    public void RestrictedPods_EnoughOfThem_Pass() =>
        PodSecurityAssert.EveryPodRestricted([Pod("a", restricted: true), Pod("b", restricted: true)], atLeast: 2);

    [Fact]
    public void OnePodNotRestricted_FailsNamingThePodAndTheFields()
    {
        var error = Assert.Throws<TrueException>(() =>
            PodSecurityAssert.EveryPodRestricted([Pod("a", restricted: true), Pod("b", restricted: false)], atLeast: 1));

        Assert.Contains("pod b:", error.Message, StringComparison.Ordinal);
        Assert.Contains("spec.containers[0].securityContext.runAsNonRoot", error.Message, StringComparison.Ordinal);
        Assert.Contains("spec.containers[0].securityContext.seccompProfile.type", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pod a:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FewerPodsThanExpected_Fails()
    {
        // Too few seen means the recording missed pods: what it did not see it cannot vouch for.
        var error = Assert.Throws<TrueException>(() => PodSecurityAssert.EveryPodRestricted([Pod("a", restricted: true)], atLeast: 2));

        Assert.Contains("expected at least 2 pods, saw 1: a", error.Message, StringComparison.Ordinal);
    }
}

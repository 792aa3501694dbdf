using System.Globalization;
using HealthChecks.CheckSdk;
using HealthChecks.Controller.Resources;
using k8s.Models;

namespace HealthChecks.Controller.Runs;

/// <summary>
/// Builds the checker pod of one run from the check's pod spec, as upstream v2 does: the four
/// contract env vars replace any of the same name in every container, the extra labels and
/// annotations go first and the forced ones win, <c>restartPolicy</c> is <c>Never</c>. Unlike
/// upstream the pod is owned by its khcheck, so deleting the check deletes its pods.
/// </summary>
public static class CheckPodFactory
{
    private static readonly string[] ContractEnv =
        [CheckProtocol.ReportingUrlVariable, CheckProtocol.RunUuidVariable, CheckProtocol.DeadlineVariable, CheckProtocol.PodNamespaceVariable];

    public static V1Pod Build(CheckDefinition definition, RunTicket run, string reportingUrl)
    {
        ArgumentNullException.ThrowIfNull(definition.PodSpec);
        var spec = Clone(definition.PodSpec);
        spec.RestartPolicy = "Never";
        foreach (var container in spec.Containers ?? [])
        {
            var env = (container.Env ?? []).Where(e => !ContractEnv.Contains(e.Name)).ToList();
            env.Add(new V1EnvVar { Name = CheckProtocol.ReportingUrlVariable, Value = reportingUrl });
            env.Add(new V1EnvVar { Name = CheckProtocol.RunUuidVariable, Value = run.Uuid });
            env.Add(new V1EnvVar
            {
                Name = CheckProtocol.DeadlineVariable,
                Value = run.Deadline.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            });
            env.Add(new V1EnvVar
            {
                Name = CheckProtocol.PodNamespaceVariable,
                ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } },
            });
            container.Env = env;
        }

        var labels = new Dictionary<string, string>(definition.ExtraLabels)
        {
            [CheckLabels.RunId] = run.Uuid,
            [CheckLabels.CheckName] = CheckLabels.CheckNameValue(definition.Key.Name),
            [CheckLabels.App] = CheckLabels.AppValue,
        };
        var annotations = new Dictionary<string, string>(definition.ExtraAnnotations)
        {
            [CheckLabels.CheckNameAnnotation] = definition.Key.Name,
        };

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = run.PodName,
                NamespaceProperty = definition.Key.Namespace,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences = [OwnerOf(definition)],
            },
            Spec = spec,
        };
    }

    /// <summary>
    /// The khcheck or khjob as controller owner. <c>blockOwnerDeletion</c> stays unset: setting it
    /// needs update rights on the owner's finalizers, which the controller does not need otherwise.
    /// </summary>
    public static V1OwnerReference OwnerOf(CheckDefinition definition) => new()
    {
        ApiVersion = KhResources.ApiVersion,
        Kind = definition.Kind == WorkloadKind.KHCheck ? KhResources.Checks.Kind : KhResources.Jobs.Kind,
        Name = definition.Key.Name,
        Uid = definition.Uid,
        Controller = true,
    };

    // A deep copy through JSON: the run must never change the cached khcheck.
    private static V1PodSpec Clone(V1PodSpec spec) =>
        JsonCopy.Of(spec);
}

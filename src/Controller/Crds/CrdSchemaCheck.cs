using HealthChecks.Controller.Resources;
using k8s.Models;

namespace HealthChecks.Controller.Crds;

/// <summary>
/// Decides, from the CRD objects the API server serves, whether the khstates and khchecks of
/// <c>comcast.github.io/v1</c> keep the fields HealthChecks adds to Kuberhealthy's schemas. With
/// Kuberhealthy's own CRDs the API server prunes them from every object it stores and returns
/// (structural schemas drop undeclared fields), so a khstate would lose <c>ResultUUID</c> and the
/// leader would take every reported run for one that never reported. Pure: no API call.
/// </summary>
public static class CrdSchemaCheck
{
    public static string StatesCrd { get; } = KhResources.States.Plural + "." + KhResources.Group;

    public static string ChecksCrd { get; } = KhResources.Checks.Plural + "." + KhResources.Group;

    /// <summary>The khstate's fields beyond upstream's: the run bookkeeping and the failure details.</summary>
    public static IReadOnlyList<CrdField> StateFields { get; } =
    [
        new("ResultUUID", "string"),
        new("RunStarted", "string"),
        new("RunDeadline", "string"),
        new("RunPod", "string"),
        new("RunRequest", "string"),
        new("Reason", "string"),
        new("ConsecutiveFailures", "integer"),
        new("LastSuccess", "string"),
    ];

    /// <summary>The khcheck's fields beyond upstream's.</summary>
    public static IReadOnlyList<CrdField> CheckFields { get; } =
    [
        new("failureThreshold", "integer"),
        new("paused", "boolean"),
    ];

    /// <summary>Null when both CRDs keep every field; else what is wrong with each, and how to fix it.</summary>
    /// <param name="states">The served <c>khstates.comcast.github.io</c>, or null when it does not exist.</param>
    /// <param name="checks">The served <c>khchecks.comcast.github.io</c>, or null when it does not exist.</param>
    public static CrdSchemaProblem? Find(V1CustomResourceDefinition? states, V1CustomResourceDefinition? checks)
    {
        var gaps = new[] { Inspect(states, KhResources.States.Plural, StateFields), Inspect(checks, KhResources.Checks.Plural, CheckFields) }
            .OfType<CrdGap>()
            .ToList();
        return gaps.Count == 0 ? null : new CrdSchemaProblem(gaps);
    }

    /// <summary>What one CRD's served <c>v1</c> schema loses of <paramref name="fields"/> (under <c>.spec</c>); null when nothing.</summary>
    public static CrdGap? Inspect(V1CustomResourceDefinition? crd, string plural, IReadOnlyList<CrdField> fields)
    {
        if (crd is null)
        {
            return new CrdGap(plural, CrdGapKind.NotInstalled, []);
        }

        var version = crd.Spec?.Versions?.FirstOrDefault(v => v.Name == KhResources.Version);
        if (version is not { Served: true })
        {
            return new CrdGap(plural, CrdGapKind.VersionNotServed, []);
        }

        // A CRD made through apiextensions v1beta1 without preserveUnknownFields: false prunes
        // nothing; a version without a schema has no structural schema to prune by.
        var root = version.Schema?.OpenAPIV3Schema;
        var keepsUnknown = crd.Spec?.PreserveUnknownFields == true || root is null;
        var missing = new List<string>();
        var mistyped = new List<string>();
        foreach (var field in fields)
        {
            switch (Find(root, field.Name))
            {
                case { } declared when declared.Type is { Length: > 0 } type && type != field.Type:
                    mistyped.Add($"{field.Name} as {type}, not {field.Type}");
                    break;
                case null when !keepsUnknown:
                    missing.Add(field.Name);
                    break;
            }
        }

        return mistyped.Count > 0 ? new CrdGap(plural, CrdGapKind.WrongType, mistyped)
            : missing.Count > 0 ? new CrdGap(plural, CrdGapKind.MissingFields, missing)
            : null;
    }

    /// <summary>
    /// The schema of <c>.spec.&lt;field&gt;</c>, or null when the schema prunes it: not declared and
    /// no object on the way preserves unknown fields. A preserving object yields an empty schema (any type).
    /// </summary>
    private static V1JSONSchemaProps? Find(V1JSONSchemaProps? root, string field)
    {
        var node = root;
        foreach (var name in new[] { "spec", field })
        {
            if (node is null)
            {
                return null;
            }

            if (node.Properties?.TryGetValue(name, out var child) == true && child is not null)
            {
                node = child;
                continue;
            }

            return node.XKubernetesPreserveUnknownFields == true ? new V1JSONSchemaProps() : null;
        }

        return node;
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HealthChecks.LocalCluster.Simulation;
using k8s.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// Builds a container's environment as kubelet does: <c>envFrom</c> first, then <c>env</c> in
/// order (later wins), values expanded with <c>$(VAR)</c> against what is defined so far;
/// fieldRefs, secretKeyRef and configMapKeyRef resolved; <c>optional</c> honoured; a missing
/// required reference fails the whole container (CreateContainerConfigError).
/// </summary>
internal static partial class EnvResolver
{
    public static async Task<EnvResolution> ResolveAsync(V1Pod pod, V1Container container, PodFacts facts, IPodObjectSource source, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Set(string name, string value)
        {
            if (!values.ContainsKey(name))
            {
                order.Add(name);
            }

            values[name] = value;
        }

        foreach (var from in container.EnvFrom ?? [])
        {
            var prefix = from.Prefix ?? "";
            if (from.ConfigMapRef is { } cmRef)
            {
                var cm = await source.GetConfigMapAsync(ns, cmRef.Name ?? "", cancellationToken).ConfigureAwait(false);
                if (cm is null && cmRef.Optional != true)
                {
                    return EnvResolution.Failed($"configmap \"{cmRef.Name}\" not found");
                }

                foreach (var (key, value) in cm?.Data.OrEmpty() ?? [])
                {
                    SetIfValidName(prefix + key, value, Set);
                }
            }

            if (from.SecretRef is { } secretRef)
            {
                var secret = await source.GetSecretAsync(ns, secretRef.Name ?? "", cancellationToken).ConfigureAwait(false);
                if (secret is null && secretRef.Optional != true)
                {
                    return EnvResolution.Failed($"secret \"{secretRef.Name}\" not found");
                }

                foreach (var (key, value) in secret?.Data.OrEmpty() ?? [])
                {
                    SetIfValidName(prefix + key, Decode(value), Set);
                }
            }
        }

        foreach (var env in container.Env ?? [])
        {
            var name = env.Name ?? "";
            if (env.ValueFrom is null)
            {
                Set(name, VariableExpander.Expand(env.Value ?? "", n => values.GetValueOrDefault(n)));
                continue;
            }

            var (value, error) = await ValueFromAsync(pod, container, env.ValueFrom, facts, source, ns, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return EnvResolution.Failed(error);
            }

            if (value is not null)
            {
                Set(name, value);
            }
        }

        return new EnvResolution(order.Select(n => KeyValuePair.Create(n, values[n])).ToList(), null);
    }

    // (value, null) to set; (null, null) to skip (an optional reference that is absent); (null, error) to fail.
    private static async Task<(string? Value, string? Error)> ValueFromAsync(V1Pod pod, V1Container container, V1EnvVarSource from, PodFacts facts, IPodObjectSource source, string ns, CancellationToken cancellationToken)
    {
        if (from.FieldRef is { } field)
        {
            return FieldValue(pod, field.FieldPath ?? "", facts) is { } value
                ? (value, null)
                : (null, $"unsupported fieldRef {field.FieldPath}");
        }

        if (from.SecretKeyRef is { } secretKey)
        {
            var secret = await source.GetSecretAsync(ns, secretKey.Name ?? "", cancellationToken).ConfigureAwait(false);
            if (secret?.Data.ValueOrNull(secretKey.Key ?? "") is { } encoded)
            {
                return (Decode(encoded), null);
            }

            return secretKey.Optional == true ? (null, null)
                : secret is null ? (null, $"secret \"{secretKey.Name}\" not found")
                : (null, $"couldn't find key {secretKey.Key} in Secret {ns}/{secretKey.Name}");
        }

        if (from.ConfigMapKeyRef is { } cmKey)
        {
            var cm = await source.GetConfigMapAsync(ns, cmKey.Name ?? "", cancellationToken).ConfigureAwait(false);
            if (cm?.Data.ValueOrNull(cmKey.Key ?? "") is { } value)
            {
                return (value, null);
            }

            return cmKey.Optional == true ? (null, null)
                : cm is null ? (null, $"configmap \"{cmKey.Name}\" not found")
                : (null, $"couldn't find key {cmKey.Key} in ConfigMap {ns}/{cmKey.Name}");
        }

        if (from.ResourceFieldRef is { } resource)
        {
            return (ResourceValue(container, resource.Resource ?? ""), null);
        }

        return (null, "env valueFrom names no source");
    }

    /// <summary>The downward API fields kubelet supports for env; null for anything else.</summary>
    public static string? FieldValue(V1Pod pod, string path, PodFacts facts)
    {
        var meta = pod.Metadata;
        if (LabelPath().Match(path) is { Success: true } m)
        {
            var map = m.Groups["kind"].Value == "labels" ? meta.Labels : meta.Annotations;
            return map.ValueOrNull(m.Groups["key"].Value) ?? "";
        }

        return path switch
        {
            "metadata.name" => meta.Name ?? "",
            "metadata.namespace" => meta.NamespaceProperty ?? "",
            "metadata.uid" => meta.Uid ?? "",
            "metadata.labels" => FormatMap(meta.Labels),
            "metadata.annotations" => FormatMap(meta.Annotations),
            "spec.nodeName" => pod.Spec?.NodeName ?? "",
            "spec.serviceAccountName" => pod.Spec?.ServiceAccountName ?? "default",
            "status.podIP" or "status.podIPs" => facts.PodIp,
            "status.hostIP" => facts.HostIp,
            _ => null,
        };
    }

    // A container's own limit or request; kubelet would fall back to node allocatable, the
    // simulator has no meaningful one, so "0".
    private static string ResourceValue(V1Container container, string resource)
    {
        var (map, key) = resource.Split('.', 2) switch
        {
            ["limits", var k] => (container.Resources?.Limits, k),
            ["requests", var k] => (container.Resources?.Requests, k),
            _ => (null, resource),
        };
        return map.ValueOrNull(key)?.ToString() ?? "0";
    }

    private static void SetIfValidName(string name, string value, Action<string, string> set)
    {
        // kubelet skips keys that are not valid env names (and records an event); so do we.
        if (EnvName().IsMatch(name))
        {
            set(name, value);
        }
    }

    private static string FormatMap(IDictionary<string, string>? map) =>
        string.Join('\n', map.OrEmpty().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}=\"{kv.Value}\"")));

    // The client has already decoded the Secret's base64.
    private static string Decode(byte[] data) => Encoding.UTF8.GetString(data);

    [GeneratedRegex(@"^metadata\.(?<kind>labels|annotations)\['(?<key>[^']+)'\]$")]
    private static partial Regex LabelPath();

    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();
}

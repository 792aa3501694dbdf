using k8s;
using k8s.KubeConfigModels;

namespace HealthChecks.Kube;

/// <summary>
/// The <c>KUBECONFIG</c> list as kubectl reads it: files that do not exist are skipped (a common
/// "~/.kube/config:~/.kube/other" where one is missing), the rest merged, first occurrence wins.
/// The official client refuses the whole list when one file is missing.
/// </summary>
internal static class KubeconfigFiles
{
    /// <summary>The configuration of the list, or null when no file of it exists (or it is empty).</summary>
    public static KubernetesClientConfiguration? FromList(string list)
    {
        var files = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.Trim('"'))
            .Where(File.Exists)
            .Distinct(StringComparer.Ordinal)
            .Select(f => new FileInfo(f))
            .ToList();
        if (files.Count == 0)
        {
            return null;
        }

        var merged = Load(files[0]);
        foreach (var file in files.Skip(1))
        {
            Merge(merged, Load(file));
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigObject(merged);
    }

    /// <summary>One file, its relative paths taken as relative to it (the client's own rule).</summary>
    public static K8SConfiguration Load(FileInfo file) =>
#if KUBERNETES_CLIENT_AOT
        KubernetesClientConfiguration.LoadKubeConfig(file); // .Aot reads YAML with generated code, at no such cost
#else
        KubeconfigYaml.Load(file);
#endif

    // kubectl's rule (and the library's, for lists it can load): the first file to name a context,
    // cluster or user wins, and the first current-context set wins.
    private static void Merge(K8SConfiguration into, K8SConfiguration from)
    {
        into.CurrentContext ??= from.CurrentContext;
        into.Contexts = Union(into.Contexts, from.Contexts, c => c.Name);
        into.Clusters = Union(into.Clusters, from.Clusters, c => c.Name);
        into.Users = Union(into.Users, from.Users, u => u.Name);
    }

    private static List<T> Union<T>(IEnumerable<T>? first, IEnumerable<T>? second, Func<T, string> name)
    {
        var result = new List<T>(first ?? []);
        var names = result.Select(name).ToHashSet(StringComparer.Ordinal);
        result.AddRange((second ?? []).Where(item => names.Add(name(item))));
        return result;
    }
}

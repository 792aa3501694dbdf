using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HealthChecks.Kube;

/// <summary>
/// Reads a kubeconfig file into the client's own model, as the client would, but without its
/// <c>KubernetesYaml</c>: that class's first use builds YAML overrides for every property of every
/// model type of the client (about 52,000 objects, and every model type loaded) and keeps them for
/// the life of the process, 4 MB of heap and more of type data, to read one small file whose model
/// names each of its fields itself (<c>[YamlMember(Alias = ...)]</c>). A process running in a cluster
/// never reads a kubeconfig; this keeps one run from outside (the benchmarks, a developer's
/// machine) at the same cost. Not in the checks' NativeAOT builds, whose client reads YAML with
/// generated code (<see cref="KubeconfigFiles"/>).
/// </summary>
internal static class KubeconfigYaml
{
    // As the client's own reader: camelCase for fields without an alias, unknown fields ignored
    // (kubectl writes some the model lacks), YAML merge keys followed.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static K8SConfiguration Load(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new KubeConfigException($"kubeconfig file not found at {file.FullName}");
        }

        using var reader = file.OpenText();
        var config = Deserializer.Deserialize<K8SConfiguration?>(new MergingParser(new Parser(reader)))
            ?? throw new KubeConfigException($"kubeconfig file {file.FullName} is empty");

        // Relative paths in it (certificate-authority, client-key, ...) are relative to the file, as kubectl reads them.
        config.FileName = file.FullName;
        return config;
    }
}

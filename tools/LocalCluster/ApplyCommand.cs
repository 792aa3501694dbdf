using HealthChecks.Kube;
using HealthChecks.Kube.Manifests;
using k8s.Autorest;
using k8s.Exceptions;
using YamlDotNet.Core;

namespace HealthChecks.LocalCluster;

/// <summary><c>apply [--kubeconfig FILE] MANIFEST...</c>: like kubectl apply without the three-way merge.</summary>
internal static class ApplyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? kubeconfig = null;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--kubeconfig" && i + 1 < args.Length)
            {
                kubeconfig = args[++i];
            }
            else
            {
                files.Add(args[i]);
            }
        }

        try
        {
            var config = kubeconfig is null ? KubeClients.DefaultConfiguration() : KubeClients.FromKubeconfig(kubeconfig);
            using var client = KubeClients.Create(config);
            // Objects without a namespace go to the context's, as kubectl puts them.
            var applier = new ManifestApplier(client, string.IsNullOrEmpty(config.Namespace) ? "default" : config.Namespace);
            foreach (var file in files)
            {
                foreach (var applied in await applier.ApplyYamlAsync(await File.ReadAllTextAsync(file)))
                {
                    var where = (string?)applied["metadata"]?["namespace"] is { } ns ? $" in {ns}" : "";
                    Console.WriteLine($"{(string?)applied["kind"]}/{(string?)applied["metadata"]?["name"]}{where} applied");
                }
            }

            return 0;
        }
        catch (Exception ex) when (ex is KubeConfigException or YamlException or HttpOperationException or InvalidOperationException
            or FormatException or IOException or HttpRequestException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("apply failed: " + ex.Describe());
            return 1;
        }
    }
}

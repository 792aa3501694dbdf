using HealthChecks.Kube;
using HealthChecks.Kube.Configuration;
using HealthChecks.Kube.Manifests;

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
            using var client = new KubeApiClient(kubeconfig is null ? KubeConfigLoader.Load() : KubeConfigLoader.FromKubeconfig(kubeconfig));
            var applier = new ManifestApplier(client);
            foreach (var file in files)
            {
                foreach (var applied in await applier.ApplyYamlAsync(await File.ReadAllTextAsync(file)))
                {
                    var where = applied.Metadata.NamespaceProperty is { } ns ? $" in {ns}" : "";
                    Console.WriteLine($"{applied.Kind}/{applied.Metadata.Name}{where} applied");
                }
            }

            return 0;
        }
        catch (Exception ex) when (ex is KubeConfigException or KubeApiException or FormatException or IOException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync("apply failed: " + ex.Message);
            return 1;
        }
    }
}

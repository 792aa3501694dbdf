using HealthChecks.Kube;
using HealthChecks.Kube.Configuration;
using HealthChecks.Kube.Manifests;

// The local-cluster tool. Today: `apply --kubeconfig FILE MANIFEST...` (create or replace every
// object of the YAML files, like kubectl apply without the three-way merge). The node simulator
// joins it later (see the simulator issue).
if (args.Length < 1 || args[0] != "apply")
{
    await Console.Error.WriteLineAsync("usage: LocalCluster apply [--kubeconfig FILE] MANIFEST.yaml...");
    return 2;
}

string? kubeconfig = null;
var files = new List<string>();
for (var i = 1; i < args.Length; i++)
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

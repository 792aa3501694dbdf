using HealthChecks.LocalCluster;
using HealthChecks.LocalCluster.Simulation;

// The local-cluster tool:
//   apply [--kubeconfig FILE] MANIFEST...   create or replace every object of the YAML files
//   simulate [options]                      the node simulator (see docs/local-cluster.md)
return args.FirstOrDefault() switch
{
    "apply" => await ApplyCommand.RunAsync(args[1..]),
    "simulate" => await SimulateCommand.RunAsync(args[1..]),
    _ => await UsageAsync(),
};

static async Task<int> UsageAsync()
{
    await Console.Error.WriteLineAsync("usage: LocalCluster apply [--kubeconfig FILE] MANIFEST.yaml...\n       LocalCluster simulate --help");
    return 2;
}

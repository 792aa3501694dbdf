using System.Reflection;
using HealthChecks.Kube;
using HealthChecks.LocalCluster.Images;
using HealthChecks.LocalCluster.Networking;
using HealthChecks.LocalCluster.Nodes;
using HealthChecks.LocalCluster.Pods;
using HealthChecks.LocalCluster.Runtime;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using YamlDotNet.Core;

namespace HealthChecks.LocalCluster.Simulation;

/// <summary><c>simulate</c>: wires the node agent, the pod manager and the cluster network into one host.</summary>
internal static partial class SimulateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(SimulatorOptions.Usage);
            return 0;
        }

        SimulatorOptions options;
        ImageMap images;
        KubernetesClientConfiguration config;
        try
        {
            options = SimulatorOptions.Parse(args);
            var placeholders = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["repo"] = options.Repository ?? FindRepository(),
                ["configuration"] = typeof(SimulateCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
            };
            images = ImageMap.Load(options.ImageMap, placeholders);
            config = options.Kubeconfig is null ? KubeClients.DefaultConfiguration() : KubeClients.FromKubeconfig(options.Kubeconfig);
        }
        catch (Exception ex) when (ex is FormatException or IOException or KubeConfigException or YamlException)
        {
            await Console.Error.WriteLineAsync("simulate: " + ex.Message + "\n\n" + SimulatorOptions.Usage);
            return 2;
        }

        var state = Path.GetFullPath(options.StateDirectory);
        Directory.CreateDirectory(state);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IKubernetes>(_ => CreateClient(config));
        var nodes = options.NodeDefinitions();
        var nodeAgent = (IServiceProvider sp) => new NodeAgent(sp.GetRequiredService<IKubernetes>(), nodes, options.NodePrefix, TimeProvider.System, sp.GetRequiredService<ILogger<NodeAgent>>());
        builder.Services.AddSingleton(nodeAgent);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeAgent>());
        builder.Services.AddSingleton(sp => new ReportOkSender(sp.GetRequiredService<TimeProvider>())); // disposed with the host
        builder.Services.AddSingleton(sp =>
        {
            var client = sp.GetRequiredService<IKubernetes>();
            var logger = sp.GetRequiredService<ILogger<PodManager>>();
            var context = new PodWorkerContext(
                client, images, new PodAddresses(), nodes.ToDictionary(n => n.Name, n => n.InternalIp, StringComparer.Ordinal),
                Path.Combine(state, "pods"), options.Network, new ServiceAccountTokens(client), new ApiObjectSource(client),
                new ProbeRunner(new HttpClient()), sp.GetRequiredService<ReportOkSender>(), new StatusWriteCounter(), TimeProvider.System, logger, Environment.GetEnvironmentVariable);
            return new PodManager(context, nodes.Select(n => n.Name).ToList(), logger);
        });
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PodManager>());
        if (options.Services || options.Dns)
        {
            builder.Services.AddHostedService(sp =>
            {
                var logger = sp.GetRequiredService<ILogger<ClusterNetwork>>();
                var lifetime = sp.GetRequiredService<IHostApplicationLifetime>();
                void Fatal(string why)
                {
                    Log.Fatal(logger, why);
                    Environment.ExitCode = 3;
                    lifetime.StopApplication();
                }

                var proxy = options.Services ? new ServiceProxy(new Uri(config.Host), $"{ClusterDnsObjects.Namespace}/{ClusterDnsObjects.Name}", options.Network, Fatal, logger) : null;
                var dns = options.Dns ? new DnsServer(Path.Combine(state, "dns"), [options.Network.ClusterDnsIp, options.Network.DnsEndpointLocalIp], options.DnsPort, Fatal, logger) : null;
                return new ClusterNetwork(sp.GetRequiredService<IKubernetes>(), proxy, dns, options.Network, TimeProvider.System, logger);
            });
        }

        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return Environment.ExitCode;
    }

    private static Kubernetes CreateClient(KubernetesClientConfiguration config) => KubeClients.Create(config);

    // The folder holding HealthChecks.sln above the program's own location (tools/LocalCluster/bin/...).
    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HealthChecks.sln")))
            {
                return dir.FullName;
            }
        }

        throw new FormatException("cannot find the repository root (HealthChecks.sln) above " + AppContext.BaseDirectory + "; pass --repo DIR");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5002, Level = LogLevel.Critical, Message = "Stopping the simulator: {Why}")]
        public static partial void Fatal(ILogger logger, string why);
    }
}

using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Reporting;
using HealthChecks.Controller.Status;
using HealthChecks.Kube;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HealthChecks.Controller.Hosting;

/// <summary>
/// Builds and runs the controller: options from the config file and environment, the Kubernetes
/// client, the CRD check, then the web app (report intake, status) and the background services.
/// Startup problems end the process with exit code 2 and a message that says what to fix.
/// </summary>
public static partial class ControllerApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configPath = Argument(args, "--config") ?? Environment.GetEnvironmentVariable("HEALTHCHECKS_CONFIG") ?? ControllerOptionsParser.DefaultConfigPath;
        var yaml = File.Exists(configPath) ? await File.ReadAllTextAsync(configPath) : null;
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        var saNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        var parsed = ControllerOptionsParser.Parse(
            yaml, env, args.Contains("--single"), Environment.MachineName,
            File.Exists(saNamespaceFile) ? (await File.ReadAllTextAsync(saNamespaceFile)).Trim() : null);
        foreach (var warning in parsed.Warnings)
        {
            await Console.Error.WriteLineAsync("warning: " + warning);
        }

        if (parsed.Options is not { } options)
        {
            await Console.Error.WriteLineAsync($"healthchecks-controller cannot start; fix {(yaml is null ? "the environment" : configPath + " or the environment")}:");
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync("  - " + error);
            }

            return 2;
        }

        Kubernetes client;
        try
        {
            client = KubeClients.CreateDefault();
            if (await CrdCheck.FindProblemAsync(client, CancellationToken.None) is { } problem)
            {
                await Console.Error.WriteLineAsync("healthchecks-controller cannot start: " + problem);
                return 2;
            }
        }
        catch (Exception ex) when (ex is KubeConfigException or KubernetesClientException or HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("healthchecks-controller cannot reach the Kubernetes API: " + ex.Describe());
            return 2;
        }

        await using var app = Build(options, client);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.ListenAddress;
        Log.Listening(app.Logger, url, options.PodName, options.Standalone ? "standalone" : "leader election on Lease " + options.PodNamespace + "/" + options.LeaseName);
        await app.WaitForShutdownAsync();
        return 0;
    }

    public static WebApplication Build(ControllerOptions options, Kubernetes client)
    {
        // No appsettings file is read (configuration is the --config file and the environment), so none is
        // watched: by default the host watches its working directory for one, recursively, an inotify watch
        // and a managed record per subdirectory (13,000 directories and 1.3 MB from /tmp; the image's /app has none).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.UseUrls(ListenAddress.ToUrl(options.ListenAddress));
        builder.Logging.SetMinimumLevel(options.LogLevel switch
        {
            "trace" or "debug" => LogLevel.Debug,
            "warn" or "warning" => LogLevel.Warning,
            "error" or "fatal" or "panic" => LogLevel.Error,
            _ => LogLevel.Information,
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHealthChecksController(options, client);
        var app = builder.Build();
        app.UseRequestMetrics();
        app.MapCheckReports();
        app.MapStatus();
        return app;
    }

    private static string? Argument(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "healthchecks-controller listening on {Url} as {Identity} ({Mode})")]
        public static partial void Listening(ILogger logger, string url, string identity, string mode);
    }
}

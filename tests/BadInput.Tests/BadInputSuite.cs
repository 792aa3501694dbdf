using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;
using k8s;

namespace HealthChecks.BadInput.Tests;

/// <summary>
/// What every attack runs against: the shared control plane with its node simulator, our CRDs, one
/// namespace with the checks of <see cref="BadInputChecks"/>, and one controller process reached
/// on loopback. A sampler reads the status document four times a second for the whole suite and
/// keeps every moment a forged report could have shown: the passing check down, the failing
/// check up or with errors of another run.
/// </summary>
public sealed class BadInputSuite : IAsyncLifetime
{
    /// <summary>The controller's report size limit (ControllerOptions.MaxReportBytes).</summary>
    public const int MaxReportBytes = 64 * 1024;

    private readonly ConcurrentQueue<string> _violations = new();
    private readonly CancellationTokenSource _stop = new();
    private TestNamespace? _namespace;
    private Task? _sampler;
    private string _directory = "";

    public ControlPlaneFixture ControlPlane { get; } = new();

    public Kubernetes Client => ControlPlane.Client;

    public string Namespace => _namespace!.Name;

    public ControllerProcess Controller { get; private set; } = null!;

    public string Url { get; private set; } = "";

    public int Port => new Uri(Url).Port;

    /// <summary>The body the odd-errors check reports (the largest of its shape that fits the limit).</summary>
    public string OddReport { get; } = BadInputChecks.OddReport(MaxReportBytes);

    /// <summary>Status samples seen since the suite began that a forged report would explain.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>Status samples taken so far.</summary>
    public int Samples { get; private set; }

    public async Task InitializeAsync()
    {
        await ControlPlane.InitializeAsync();
        _directory = Directory.CreateTempSubdirectory("hc-badinput-").FullName;
        var applier = new ManifestApplier(Client);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "crds"), "*.yaml"))
        {
            await applier.ApplyYamlAsync(await File.ReadAllTextAsync(file));
        }

        await Eventually.TrueAsync(async () => await CrdCheck.FindProblemAsync(Client, CancellationToken.None) is null, TimeSpan.FromSeconds(30), "the CRDs to be served");
        await Eventually.TrueAsync(
            async () => (await Client.CoreV1.ListNodeAsync(labelSelector: "healthchecks.local/simulator")).Items.Any(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true),
            TimeSpan.FromSeconds(30),
            "a Ready node of the node simulator (scripts/local-cluster.sh up starts it)");
        _namespace = await ControlPlane.CreateNamespaceAsync("badinput", waitForServiceAccount: true);

        var port = FreePort.Tcp(IPAddress.Loopback);
        var config = Path.Combine(_directory, "controller.yaml");
        // A body timeout past Kestrel's own 5 s grace for slow bodies (so the stalled-body case shows
        // that ours is the limit that answers) and shorter than the default 10 s.
        await File.WriteAllTextAsync(config, $"listenAddress: 127.0.0.1:{port}\nreportReadTimeout: 7s\n");
        Controller = ControllerProcess.Start(
            new Dictionary<string, string>
            {
                ["KUBECONFIG"] = ControlPlane.Cluster.AdminKubeconfig,
                ["POD_NAME"] = "controller-0",
                ["POD_NAMESPACE"] = Namespace,
                ["TARGET_NAMESPACE"] = Namespace,
                ["HEALTHCHECKS_SINGLE"] = "true",
                ["KH_EXTERNAL_REPORTING_URL"] = $"http://127.0.0.1:{port}/check",
                ["CHECK_REAPER_RUN_INTERVAL"] = "10s",
            },
            "--config",
            config);
        Url = await Controller.UrlAsync(TimeSpan.FromSeconds(90));
        await applier.ApplyYamlAsync(BadInputChecks.Manifests(OddReport), Namespace);

        // Both periodic checks have a result before any attack, so every sample after can be judged.
        await Eventually.TrueAsync(
            async () => await StatusAsync() is { } status
                && Detail(status, BadInputChecks.Passing) is { } passing && passing.GetProperty("OK").GetBoolean()
                && Detail(status, BadInputChecks.Failing) is { } failing && !failing.GetProperty("OK").GetBoolean(),
            TimeSpan.FromSeconds(90),
            "the passing check OK and the failing check failed on the status page\n" + Controller.Output[^Math.Min(4000, Controller.Output.Length)..],
            TimeSpan.FromMilliseconds(250));
        _sampler = Task.Run(() => SampleAsync(_stop.Token));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_sampler is not null)
        {
            await _sampler;
        }

        if (Controller is not null)
        {
            await Controller.DisposeAsync();
        }

        if (_namespace is not null)
        {
            await _namespace.DisposeAsync();
        }

        await ControlPlane.DisposeAsync();
        _stop.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The status document, <c>GET /json</c>.</summary>
    public async Task<JsonElement> StatusAsync(CancellationToken cancellationToken = default)
    {
        var text = await Intake.Http.GetStringAsync(new Uri(Url + "/json"), cancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>A check's entry in <c>CheckDetails</c> (null before its first result).</summary>
    public JsonElement? Detail(JsonElement status, string check) =>
        status.GetProperty("CheckDetails").TryGetProperty($"{Namespace}/{check}", out var detail) ? detail : null;

    /// <summary>The run UUID the status page shows for a check: its last finished run, public to anyone.</summary>
    public async Task<string> PublishedUuidAsync(string check) =>
        Detail(await StatusAsync(), check)?.GetProperty("uuid").GetString() is { Length: > 0 } uuid ? uuid : throw new InvalidOperationException($"{check} shows no run uuid");

    /// <summary>The khstate as the API server has it.</summary>
    public async Task<KhStateSpec> StateAsync(string check) =>
        (await new KuberhealthyApi(Client).States.GetAsync(Namespace, check))?.Spec ?? throw new InvalidOperationException($"no khstate {check}");

    /// <summary>
    /// Fails when the checks show anything but their own results, now (status page and khstates)
    /// or in any sample since the suite began.
    /// </summary>
    public async Task AssertChecksUnaffectedAsync()
    {
        Assert.True(_violations.IsEmpty, "the status page showed a forged result:\n" + string.Join("\n", _violations.Take(10)));
        Assert.Null(Judge(await StatusAsync()));
        var passing = await StateAsync(BadInputChecks.Passing);
        Assert.True(passing.OK, $"khstate {BadInputChecks.Passing}: OK false, {string.Join("; ", passing.Errors)}");
        var failing = await StateAsync(BadInputChecks.Failing);
        Assert.False(failing.OK, $"khstate {BadInputChecks.Failing}: OK true");
        Assert.Equal([BadInputChecks.FailingError], failing.Errors);
    }

    /// <summary>Waits for a result of <paramref name="check"/> from a run that began after <paramref name="since"/>.</summary>
    public Task<KhStateSpec> ResultAfterAsync(string check, DateTimeOffset since, TimeSpan within) =>
        Eventually.GetAsync(
            async () => await StateAsync(check) is { RunInFlight: false, RunStarted: { } started } spec && started > since ? spec : null,
            within,
            $"a result of {check} from a run begun after {since:HH:mm:ss}",
            TimeSpan.FromMilliseconds(250));

    /// <summary>What is wrong with a status sample, or null.</summary>
    private string? Judge(JsonElement status)
    {
        var problems = new List<string>();
        if (Detail(status, BadInputChecks.Passing) is { } passing && (!passing.GetProperty("OK").GetBoolean() || passing.GetProperty("Errors").GetArrayLength() > 0))
        {
            problems.Add($"{BadInputChecks.Passing} shows {passing}");
        }

        if (Detail(status, BadInputChecks.Failing) is { } failing
            && (failing.GetProperty("OK").GetBoolean() || failing.GetProperty("Errors").EnumerateArray().Select(e => e.GetString()).SingleOrDefault() != BadInputChecks.FailingError))
        {
            problems.Add($"{BadInputChecks.Failing} shows {failing}");
        }

        return problems.Count == 0 ? null : $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {string.Join("; ", problems)}";
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (Judge(await StatusAsync(cancellationToken)) is { } problem)
                {
                    _violations.Enqueue(problem);
                }

                Samples++;
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _violations.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} the status page did not answer: {ex.Message}");
            }
        }
    }
}

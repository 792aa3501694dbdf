using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using HealthChecks.Controller.Resources;
using HealthChecks.TestKit;
using Xunit.Abstractions;

namespace HealthChecks.BadInput.Tests;

/// <summary>
/// 10,000 bogus reports from 32 loopback addresses while the real checks run: none is stored, the
/// real results keep coming, the controller sends the API server no request a report could have caused, the
/// controller's memory stays bounded, and every report is counted under the outcome it was given.
/// </summary>
[Collection(BadInputGroup.Name)]
public sealed class FloodTests(BadInputSuite suite, ITestOutputHelper output)
{
    private const int Reports = 10_000;
    private const int Sources = 32;
    private const long RssBound = 64L * 1024 * 1024;

    [Fact]
    public async Task Ten_thousand_bogus_reports_change_no_result_cost_no_API_request_and_are_all_counted()
    {
        var failingUuid = await suite.PublishedUuidAsync(BadInputChecks.Failing);
        var passingUuid = await suite.PublishedUuidAsync(BadInputChecks.Passing);
        var clients = Enumerable.Range(0, Sources).Select(i => Intake.From(IPAddress.Parse($"127.0.0.{10 + i}"), connections: 2)).ToList();
        var tally = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var rssBefore = Rss();
        long rssPeak = rssBefore;

        var outcomesBefore = await Intake.OutcomesAsync(suite.Url);
        var floodStarted = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using (var sampling = new CancellationTokenSource())
        {
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    rssPeak = Math.Max(rssPeak, Rss());
                    await Task.Delay(50, CancellationToken.None);
                }
            });
            await Parallel.ForEachAsync(Enumerable.Range(0, Reports), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            {
                var (uuid, body) = Bogus(i, failingUuid, passingUuid);
                var (status, text) = await Intake.PostAsync(suite.Url, uuid, body, clients[i % Sources]);
                tally.AddOrUpdate(Intake.OutcomeOf(status, text), 1, (_, n) => n + 1);
            });
            await sampling.CancelAsync();
            await sampler;
        }

        var flood = clock.Elapsed;
        var outcomesAfter = await Intake.OutcomesAsync(suite.Url);
        var floodEnded = DateTimeOffset.UtcNow;
        foreach (var client in clients)
        {
            client.Dispose();
        }

        // The controller's own requests (the controller-manager's and the simulator's are not its
        // doing: its garbage collector lists the objects of a CRD it has just discovered).
        var floodRequests = (await ApiServerAudit.ReadAfterAsync(suite.ControlPlane.Cluster, floodStarted, floodEnded))
            .Where(r => r.UserAgent.StartsWith(ApiServerAudit.ControllerAgentPrefix, StringComparison.Ordinal))
            .ToList();
        output.WriteLine($"{Reports} reports in {flood.TotalSeconds:0.0} s ({Reports / flood.TotalSeconds:0} a second) from {Sources} addresses; controller RSS {rssBefore >> 20} MiB before, {rssPeak >> 20} MiB at most");
        output.WriteLine("answers: " + string.Join(", ", tally.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}")));
        output.WriteLine("counted: " + string.Join(", ", outcomesAfter.Select(o => $"{o.Key} +{o.Value - outcomesBefore.GetValueOrDefault(o.Key)}")));
        output.WriteLine($"the controller's requests for pods, Events and our resources during the flood ({floodRequests.Count}):\n  " + ApiServerAudit.Summary(floodRequests));

        // No bogus report was stored; the real checks' runs went on and report as before.
        Assert.False(tally.ContainsKey("stored"), "a bogus report was stored");
        await suite.ResultAfterAsync(BadInputChecks.Passing, floodEnded, TimeSpan.FromSeconds(40));
        await suite.ResultAfterAsync(BadInputChecks.Failing, floodEnded, TimeSpan.FromSeconds(40));
        await suite.AssertChecksUnaffectedAsync();

        // Every report is counted once under the outcome its answer tells. The real checkers' reports
        // of the window add their stores and the tries the flood made them repeat (429, 503).
        double Added(string outcome) => outcomesAfter.GetValueOrDefault(outcome) - outcomesBefore.GetValueOrDefault(outcome);
        foreach (var outcome in new[] { "malformed", "no_run", "too_large", "superseded" })
        {
            Assert.True(Added(outcome) == tally.GetValueOrDefault(outcome), $"{outcome}: counted {Added(outcome)}, answered {tally.GetValueOrDefault(outcome)}");
        }

        foreach (var outcome in new[] { "unknown_run", "busy", "throttled", "duplicate" })
        {
            Assert.True(Added(outcome) >= tally.GetValueOrDefault(outcome), $"{outcome}: counted {Added(outcome)}, answered {tally.GetValueOrDefault(outcome)}");
        }

        var stored = Added("stored");
        var realRetries = outcomesAfter.Keys.Sum(Added) - Reports - stored;
        Assert.InRange(realRetries, 0, 60);
        var runsPossible = 2 * (Math.Ceiling(flood / BadInputChecks.Interval) + 1);
        Assert.InRange(stored, 0, runsPossible);

        // The API server saw no request a report could cause beyond the runs' own writes: reads of
        // pods or our resources (a lookup by run id) only as the re-read after a write conflict, and
        // khstate writes only as many as the runs of the window explain (a start and a result each).
        var reads = floodRequests.Count(r => r.Verb is "get" or "list" && (r.Resource == "pods" && r.Subresource == "-" || r.Group == KhResources.Group));
        var conflicts = floodRequests.Count(r => r.Resource == "khstates" && r.Code == 409);
        Assert.True(reads <= conflicts, $"the controller read pods or our resources {reads} times during the flood ({conflicts} write conflicts):\n  {ApiServerAudit.Summary(floodRequests)}");
        var stateWrites = floodRequests.Count(r => r.Resource == "khstates" && r.Verb is "create" or "update" or "patch" or "delete" && r.Code is >= 200 and < 300);
        Assert.True(stateWrites <= 2 * stored + 2, $"{stateWrites} khstate writes during the flood for {stored} stored results");

        Assert.True(rssPeak - rssBefore < RssBound, $"controller RSS grew by {(rssPeak - rssBefore) >> 20} MiB during the flood");
    }

    /// <summary>Report <paramref name="i"/> of the flood: ten kinds in turn, none a run's credential.</summary>
    private static (string? Uuid, string Body) Bogus(int i, string failingUuid, string passingUuid) => (i % 10) switch
    {
        0 or 8 => (Guid.NewGuid().ToString(), """{"OK":true,"Errors":[]}"""),
        9 => (Guid.NewGuid().ToString(), """{"OK":false,"Errors":["forged"]}"""),
        1 => (failingUuid, """{"OK":true,"Errors":[]}"""),
        2 => (passingUuid, """{"OK":false,"Errors":["forged page"]}"""),
        3 => (failingUuid, """{"OK":"""),
        4 => ("../../" + i.ToString(CultureInfo.InvariantCulture), """{"OK":true,"Errors":[]}"""),
        5 => (null, """{"OK":true,"Errors":[]}"""),
        6 => (passingUuid, """{"OK":"false","Errors":["wrong type"]}"""),
        _ => (Guid.Empty.ToString(), """{"OK":true,"Errors":[]}"""),
    };

    private long Rss()
    {
        var line = File.ReadLines($"/proc/{suite.Controller.Process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}

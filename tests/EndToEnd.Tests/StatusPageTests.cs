using System.Text.Json;
using System.Text.RegularExpressions;
using HealthChecks.TestKit;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>The HTML status page of the running controller, loaded in headless Chromium.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class StatusPageTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task The_status_page_shows_every_check_with_its_state_in_a_browser()
    {
        await fixture.ResultAsync(Scenarios.ReportsFailure, TimeSpan.FromMinutes(2));
        await fixture.ResultAsync(Scenarios.Job, TimeSpan.FromMinutes(2));
        var url = $"{fixture.Url}/ui?namespace={fixture.Namespace}";

        var dom = await HeadlessChromium.DumpDomAsync(url);

        foreach (var check in new[] { Scenarios.Daemonset, Scenarios.Deployment, Scenarios.DnsInternal, Scenarios.ReportsFailure, Scenarios.NeverReports, Scenarios.InvalidInterval, Scenarios.Job })
        {
            Assert.Contains($"<tr data-check=\"{fixture.Namespace}/{check}\">", dom, StringComparison.Ordinal);
        }

        var failing = Row(dom, Scenarios.ReportsFailure);
        Assert.Contains("<span class=\"badge Failing\">Failing</span>", failing, StringComparison.Ordinal);
        Assert.Contains("CheckFailed", failing, StringComparison.Ordinal);
        Assert.Contains($"<li>{Scenarios.UnreachableUrl} did not answer 2xx</li>", failing, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge Failing\">UNHEALTHY</span>", dom, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/ui?namespace={fixture.Namespace}\" class=\"on\">{fixture.Namespace}</a>", dom, StringComparison.Ordinal);

        Assert.True(new FileInfo(await HeadlessChromium.ScreenshotAsync(url, "status-page-e2e-desktop.png", 1280, 1000)).Length > 10_000);
        Assert.True(new FileInfo(await HeadlessChromium.ScreenshotAsync(url, "status-page-e2e-phone.png", 390, 2400)).Length > 10_000);
    }

    [Fact]
    public async Task Every_running_replica_serves_the_same_checks_and_names_the_same_leader()
    {
        await fixture.ResultAsync(Scenarios.ReportsFailure, TimeSpan.FromMinutes(2));
        var leader = await fixture.Controllers.LeaderAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var replica in fixture.Controllers.Running)
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync($"{replica.Url}/json?namespace={fixture.Namespace}"));
            Assert.Equal(leader.Name, status.RootElement.GetProperty("CurrentMaster").GetString());
            var details = status.RootElement.GetProperty("CheckDetails");
            var pending = status.RootElement.TryGetProperty("PendingCheckDetails", out var p) ? p : default;
            foreach (var check in new[] { Scenarios.Daemonset, Scenarios.ReportsFailure, Scenarios.NeverReports, Scenarios.InvalidInterval })
            {
                // A check without a finished run yet is listed apart, as Kuberhealthy v2 lists nothing for it.
                var key = $"{fixture.Namespace}/{check}";
                Assert.True(details.TryGetProperty(key, out _) || (pending.ValueKind == JsonValueKind.Object && pending.TryGetProperty(key, out _)), $"{replica.Name} does not list {check}");
            }

            Assert.False(details.GetProperty($"{fixture.Namespace}/{Scenarios.ReportsFailure}").GetProperty("OK").GetBoolean());
        }
    }

    private static string Row(string dom, string check)
    {
        var match = Regex.Match(dom, $"<tr data-check=\"[^\"]+/{Regex.Escape(check)}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no row for {check}");
        return match.Groups[1].Value;
    }
}

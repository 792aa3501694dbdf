using System.Text.RegularExpressions;
using HealthChecks.Controller.Status;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.Tests.Status;

public partial class StatusPageTests
{
    private static string Render(IReadOnlySet<string>? filter = null) =>
        StatusPage.Render(StatusDocumentTests.Sample(filter), ["kuberhealthy", "team-a"], filter);

    [GeneratedRegex("<tr data-check=\"([^\"]+)\">")]
    private static partial Regex Row();

    [Fact]
    public void Render_OneRowPerCheckAndJob_ProblemsFirst()
    {
        var rows = Row().Matches(Render()).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(
            [
                "kuberhealthy/dns-status-internal", "team-a/removed", "team-a/stale",
                "kuberhealthy/daemonset", "kuberhealthy/deployment", "team-a/new", "team-a/paused",
                "team-a/once",
            ],
            rows);
    }

    [Fact]
    public void Render_ClusterVerdictSummaryAndColumns()
    {
        var html = Render();

        Assert.Contains("<h1 id=\"verdict\">Cluster <span class=\"badge Failing\">UNHEALTHY</span></h1>", html, StringComparison.Ordinal);
        Assert.Contains("7 checks, 1 job, 3 failing or stale · leader healthchecks-7cf79bdc86-m78qr", html, StringComparison.Ordinal);
        Assert.Contains("<th>Namespace</th><th>Name</th><th>State</th><th>Reason</th><th>Last run</th><th>Duration</th><th>Next run</th><th>Errors</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>CheckFailed <span class=\"muted\">(3 in a row)</span></td>", html, StringComparison.Ordinal);
        Assert.Contains("<td><time datetime=\"2024-01-01T12:01:02Z\" title=\"2024-01-01T12:01:02Z\">58s ago</time></td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>1.5s</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>running <span class=\"muted\">deployment-run-next</span></td>", html, StringComparison.Ordinal);
        Assert.Contains("in 14m 0s</time>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ControllerProblem_AlertAboveTheTables_Escaped()
    {
        var view = StatusDocumentTests.Sample().WithControllerProblem("HealthChecks refuses to run checks: <khstates> & co");

        var html = StatusPage.Render(view, ["kuberhealthy", "team-a"], null);

        Assert.Contains("<p id=\"controller-problem\" role=\"alert\" class=\"alert\">HealthChecks refuses to run checks: &lt;khstates&gt; &amp; co</p>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("controller-problem", StringComparison.Ordinal) < html.IndexOf("<table", StringComparison.Ordinal));
        Assert.DoesNotContain("controller-problem", Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TextFromTheCluster_HtmlEscaped()
    {
        var html = Render();

        Assert.Contains("<li>lookup &quot;kubernetes.default&quot; failed:\nno such host \\ &lt;tag&gt; &amp; ünïcode</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<tag>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SelfContained_NoScriptNoExternalAsset_AutoRefreshPhoneViewport()
    {
        var html = Render();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"15\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains("@media (max-width: 760px)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NamespaceFilter_LinksAndOnlyThatNamespace()
    {
        var html = Render(new HashSet<string> { "team-a" });

        Assert.Contains("<a href=\"/ui\">all namespaces</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/ui?namespace=team-a\" class=\"on\">team-a</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/ui?namespace=kuberhealthy\">kuberhealthy</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-check=\"kuberhealthy/", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/json?namespace=team-a\">/json</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain ünïcode", "plain ünïcode")]
    [InlineData("<a href=\"x\" title='y'>&</a>", "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")]
    public void E_EscapesTheFiveCharacters(string text, string expected)
    {
        Assert.Equal(expected, StatusPage.E(text));
    }

    [Theory]
    [InlineData(0.85, "850ms")]
    [InlineData(12.56, "12.5s")]
    [InlineData(200, "3m 20s")]
    [InlineData(7500, "2h 5m")]
    [InlineData(3 * 86400 + 4 * 3600, "3d 4h")]
    [InlineData(-5, "0ms")]
    public void Span_Human(double seconds, string expected)
    {
        Assert.Equal(expected, StatusPage.Span(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public async Task Render_InHeadlessChromium_RowsAndEscapedTextShownAsText()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hc-status-page-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, Render());
        try
        {
            var dom = await HeadlessChromium.DumpDomAsync(new Uri(file).AbsoluteUri);

            Assert.Equal(8, Row().Count(dom));
            Assert.Contains("no such host \\ &lt;tag&gt; &amp; ünïcode", dom, StringComparison.Ordinal); // text, not an element
            Assert.DoesNotContain("<tag>", dom, StringComparison.Ordinal);
            Assert.Contains("UNHEALTHY</span></h1>", dom, StringComparison.Ordinal);
            await HeadlessChromium.ScreenshotAsync(new Uri(file).AbsoluteUri, "status-page-sample-phone.png", 390, 1600);
            await HeadlessChromium.ScreenshotAsync(new Uri(file).AbsoluteUri, "status-page-sample-desktop.png", 1280, 800);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

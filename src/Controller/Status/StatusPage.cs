using System.Buffers;
using System.Globalization;
using System.Text;

namespace HealthChecks.Controller.Status;

/// <summary>
/// The status as a page for people (<c>GET /ui</c>): the cluster's state, then one row per check
/// and per job, problems first. Server-rendered, no script and no external asset; it reloads
/// itself. Every text from the cluster is HTML-escaped: check names, errors and pod names are
/// user input. Written as UTF-8 into the response as it is built (<see cref="Utf8Spill"/>).
/// </summary>
public static class StatusPage
{
    public const int RefreshSeconds = 15;

    /// <param name="view">The status, filtered as asked.</param>
    /// <param name="namespaces">Every namespace with a check, for the filter links.</param>
    /// <param name="filter">The namespaces asked for; null for all.</param>
    /// <param name="output">Where the page goes as UTF-8 (the response's pipe).</param>
    public static void Render(StatusView view, IReadOnlyList<string> namespaces, IReadOnlySet<string>? filter, IBufferWriter<byte> output)
    {
        var page = new Utf8Spill(output);
        var html = page.Text;
        var problems = view.Checks.Concat(view.Jobs).Count(v => v.State is CheckState.Failing or CheckState.Stale);
        var verdict = view.OK ? "OK" : "UNHEALTHY";
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"refresh\" content=\"{RefreshSeconds}\">\n")
            .Append(CultureInfo.InvariantCulture, $"<title>{verdict} · HealthChecks</title>\n<style>\n{StatusPageStyle.Css}\n</style>\n</head>\n<body>\n<header>\n")
            .Append(CultureInfo.InvariantCulture, $"<h1 id=\"verdict\">Cluster <span class=\"badge {(view.OK ? "OK" : "Failing")}\">{verdict}</span></h1>\n")
            .Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">{Count(view.Checks.Count, "check")}, {Count(view.Jobs.Count, "job")}, {problems} failing or stale · leader {E(view.CurrentMaster.Length > 0 ? view.CurrentMaster : "unknown")} · ")
            .Append(CultureInfo.InvariantCulture, $"<time datetime=\"{Iso(view.Now)}\">{Iso(view.Now)}</time> · reloads every {RefreshSeconds} s</p>\n</header>\n");
        if (view.ControllerProblem is { } refused)
        {
            // Above everything: no check below is being run.
            html.Append(CultureInfo.InvariantCulture, $"<p id=\"controller-problem\" role=\"alert\" class=\"alert\">{E(refused)}</p>\n");
        }

        html.Append("<nav id=\"namespaces\" aria-label=\"Namespace filter\">\n")
            .Append(CultureInfo.InvariantCulture, $"<a href=\"/ui\"{(filter is null ? " class=\"on\"" : "")}>all namespaces</a>\n");
        foreach (var ns in namespaces)
        {
            var on = filter?.Contains(ns) == true ? " class=\"on\"" : "";
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"/ui?namespace={E(Uri.EscapeDataString(ns))}\"{on}>{E(ns)}</a>\n");
        }

        html.Append("</nav>\n");
        Table(page, "checks", "Checks", view.Checks, view.Now);
        if (view.Jobs.Count > 0)
        {
            Table(page, "jobs", "Jobs", view.Jobs, view.Now);
        }

        var query = filter is null ? "" : "?namespace=" + E(Uri.EscapeDataString(string.Join(',', filter.Order(StringComparer.Ordinal))));
        html.Append(CultureInfo.InvariantCulture, $"<footer>The same as JSON: <a href=\"/json{query}\">/json</a> · Prometheus: <a href=\"/metrics\">/metrics</a></footer>\n</body>\n</html>\n");
        page.Flush();
    }

    /// <summary>The page as a string, for tests.</summary>
    public static string Render(StatusView view, IReadOnlyList<string> namespaces, IReadOnlySet<string>? filter)
    {
        var output = new ArrayBufferWriter<byte>();
        Render(view, namespaces, filter, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void Table(Utf8Spill page, string id, string title, IReadOnlyList<CheckView> views, DateTimeOffset now)
    {
        var html = page.Text;
        html.Append(CultureInfo.InvariantCulture, $"<h2>{title}</h2>\n");
        if (views.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"{id}\">None here.</p>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<table id=\"{id}\">\n<thead><tr><th>Namespace</th><th>Name</th><th>State</th><th>Reason</th><th>Last run</th><th>Duration</th><th>Next run</th><th>Errors</th></tr></thead>\n<tbody>\n");

        // Problems first, so a phone shows them without scrolling; otherwise namespace/name order.
        foreach (var v in views.Where(v => v.State is CheckState.Failing or CheckState.Stale).Concat(views.Where(v => v.State is not (CheckState.Failing or CheckState.Stale))))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-check=\"{E(v.Key.ToString())}\">")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(v.Key.Namespace)}</td><td>{E(v.Key.Name)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><span class=\"badge {v.State}\">{v.State}</span></td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(v.Spec?.Reason ?? "")}{Failures(v)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{When(v.Spec?.LastRun, now)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(v.Duration > TimeSpan.Zero ? Span(v.Duration) : "")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Next(v, now)}</td>")
                .Append("<td class=\"errors\">");
            var errors = v.Errors.Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
            if (errors.Count > 0)
            {
                html.Append("<ul>");
                foreach (var error in errors)
                {
                    html.Append("<li>").Append(E(error)).Append("</li>");
                }

                html.Append("</ul>");
            }

            html.Append("</td></tr>\n");
            page.SpillIfFull();
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string Failures(CheckView v) =>
        v.Spec?.ConsecutiveFailures is > 0 and var n ? string.Create(CultureInfo.InvariantCulture, $" <span class=\"muted\">({n} in a row)</span>") : "";

    private static string Next(CheckView v, DateTimeOffset now) => v switch
    {
        { RunningPod: { } pod } => "running <span class=\"muted\">" + E(pod) + "</span>",
        { State: CheckState.Paused } => "<span class=\"muted\">paused</span>",
        { NextRun: { } next } when next >= now => $"<time datetime=\"{Iso(next)}\" title=\"{Iso(next)}\">in {Span(next - now)}</time>",
        { NextRun: { } next } => $"<time datetime=\"{Iso(next)}\" title=\"{Iso(next)}\">due {Span(now - next)} ago</time>",
        _ => "",
    };

    private static string When(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } t ? $"<time datetime=\"{Iso(t)}\" title=\"{Iso(t)}\">{Span(now - t)} ago</time>" : "<span class=\"muted\">never</span>";

    /// <summary>A short human span: <c>850ms</c>, <c>12.5s</c>, <c>3m 20s</c>, <c>2h 5m</c>, <c>3d 4h</c>.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span switch
        {
            { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMilliseconds}ms"),
            { TotalSeconds: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(span.TotalSeconds * 10) / 10:0.#}s"),
            { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds}s"),
            { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h {span.Minutes}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours}h"),
        };
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>HTML-escapes the five characters that matter in text and quoted attributes; other letters stay as they are (the page is UTF-8).</summary>
    internal static string E(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&#39;"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}

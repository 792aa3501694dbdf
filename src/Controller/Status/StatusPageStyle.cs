namespace HealthChecks.Controller.Status;

/// <summary>
/// The HTML page's only stylesheet, inlined: the page must work in an air-gapped cluster, so it
/// loads nothing. Below 760 px wide each row becomes a card of lines labelled by column, for phones.
/// </summary>
internal static class StatusPageStyle
{
    public const string Css = """
        :root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --stale: #bc4c00; --muted: #6e7781; --line: #d0d7de; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 1rem; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        header h1 { margin: 0 0 .25rem; font-size: 1.4rem; }
        header p, footer { margin: .25rem 0; color: var(--muted); }
        nav { margin: .75rem 0; display: flex; flex-wrap: wrap; gap: .4rem; }
        nav a { padding: .15rem .6rem; border: 1px solid var(--line); border-radius: 1rem; text-decoration: none; color: inherit; }
        nav a.on { background: #0969da; border-color: #0969da; color: #fff; }
        h2 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
        th { font-size: .85rem; color: var(--muted); font-weight: 600; }
        td.errors ul { margin: 0; padding-left: 1rem; }
        td.errors li { white-space: pre-wrap; overflow-wrap: anywhere; }
        .badge { display: inline-block; padding: .05rem .5rem; border-radius: .8rem; font-weight: 600; font-size: .85rem; color: #fff; background: var(--muted); }
        .badge.OK { background: var(--ok); } .badge.Failing { background: var(--bad); } .badge.STALE { background: var(--stale); }
        .badge.Paused { background: #57606a; } .badge.Pending { background: #8c959f; }
        .muted { color: var(--muted); }
        .alert { border: 2px solid var(--bad); border-radius: .4rem; padding: .6rem .8rem; font-weight: 600; }
        @media (max-width: 760px) {
          thead { display: none; }
          table, tbody, tr, td { display: block; width: 100%; }
          tr { border: 1px solid var(--line); border-radius: .5rem; margin-bottom: .75rem; padding: .25rem .5rem; }
          td { border: none; padding: .2rem 0; display: flex; gap: .75rem; }
          td::before { flex: 0 0 6.5rem; color: var(--muted); font-size: .85rem; }
          td:nth-child(1)::before { content: "Namespace"; } td:nth-child(2)::before { content: "Name"; }
          td:nth-child(3)::before { content: "State"; } td:nth-child(4)::before { content: "Reason"; }
          td:nth-child(5)::before { content: "Last run"; } td:nth-child(6)::before { content: "Duration"; }
          td:nth-child(7)::before { content: "Next run"; } td:nth-child(8)::before { content: "Errors"; }
          td.errors { display: block; } td.errors::before { display: block; }
          td:empty { display: none; }
        }
        """;
}

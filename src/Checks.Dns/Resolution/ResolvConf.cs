using System.Globalization;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>
/// The parts of resolv.conf that decide which names are tried: <c>search</c> (or <c>domain</c>) and
/// <c>options ndots:N</c>. A pod's resolv.conf (search <c>ns.svc.cluster.local svc.cluster.local
/// cluster.local</c>, ndots 5) is what makes <c>kubernetes.default</c> resolvable; the direct modes
/// apply it as Go's resolver (used upstream) does.
/// </summary>
internal sealed record ResolvConf(IReadOnlyList<string> Search, int Ndots)
{
    public static ResolvConf Empty { get; } = new([], 1);

    public static ResolvConf Load(string path = "/etc/resolv.conf") =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;

    public static ResolvConf Parse(string text)
    {
        IReadOnlyList<string> search = [];
        var ndots = 1;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#', ';')[0];
            var words = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2)
            {
                continue;
            }

            switch (words[0])
            {
                case "search":
                case "domain": // the last of search/domain wins, as in glibc
                    search = words[1..].Select(w => w.TrimEnd('.')).Where(w => w.Length > 0).ToList();
                    break;
                case "options":
                    foreach (var option in words[1..].Where(o => o.StartsWith("ndots:", StringComparison.Ordinal)))
                    {
                        if (int.TryParse(option.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                        {
                            ndots = Math.Min(n, 15);
                        }
                    }

                    break;
            }
        }

        return new ResolvConf(search, ndots);
    }

    /// <summary>The names to try, in order: a trailing dot means only the name itself; fewer dots than ndots tries the search list first.</summary>
    public IReadOnlyList<string> CandidatesFor(string name)
    {
        if (name.EndsWith('.'))
        {
            return [name.TrimEnd('.')];
        }

        var searched = Search.Select(domain => $"{name}.{domain}");
        return name.Count(c => c == '.') >= Ndots ? [name, .. searched] : [.. searched, name];
    }
}

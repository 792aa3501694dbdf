using System.Globalization;
using HealthChecks.Controller.Resources;
using k8s.Models;

namespace HealthChecks.Controller.Benchmarks;

/// <summary>
/// A made-up cluster of N khchecks over 20 namespaces, as the caches would hold it: 90 % passing,
/// 5 % failing with two realistic error lines, 3 % never run, 2 % stale. Deterministic.
/// </summary>
internal static class Fleet
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static (List<KuberhealthyCheck> Checks, List<KuberhealthyState> States) Build(int count)
    {
        var checks = new List<KuberhealthyCheck>(count);
        var states = new List<KuberhealthyState>(count);
        for (var i = 0; i < count; i++)
        {
            var ns = "team-" + (i % 20).ToString("D2", CultureInfo.InvariantCulture);
            var name = "check-" + i.ToString("D5", CultureInfo.InvariantCulture);
            checks.Add(new KuberhealthyCheck
            {
                ApiVersion = KhResources.ApiVersion,
                Kind = "KuberhealthyCheck",
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + i, CreationTimestamp = Now.AddDays(-1).UtcDateTime },
                Spec = new KhCheckSpec
                {
                    RunInterval = "10m",
                    Timeout = "5m",
                    PodSpec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "kuberhealthy/dns-resolution-check:v1.5.0" }] },
                },
            });

            var kind = i % 100;
            if (kind >= 97 && kind < 100)
            {
                continue; // never run: no khstate yet
            }

            var started = kind is 95 or 96 ? Now.AddHours(-2) : Now.AddMinutes(-3);
            var failing = kind < 5;
            states.Add(new KuberhealthyState
            {
                ApiVersion = KhResources.ApiVersion,
                Kind = "KuberhealthyState",
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                Spec = new KhStateSpec
                {
                    OK = !failing,
                    Errors = failing
                        ? [$"DNS Status check determined that {name}.{ns}.svc.cluster.local is DOWN: lookup failed: no such host", "checker pod exited with code 1 (Error)"]
                        : [],
                    RunDuration = "2.512278967s",
                    Namespace = ns,
                    Node = "node-" + (i % 50),
                    LastRun = started.AddSeconds(3),
                    AuthoritativePod = "healthchecks-7cf79bdc86-m78qr",
                    Uuid = Guid.NewGuid().ToString(),
                    Workload = "KHCheck",
                    Reason = failing ? "CheckFailed" : null,
                    ConsecutiveFailures = failing ? 2 : 0,
                    LastSuccess = failing ? Now.AddHours(-1) : started.AddSeconds(3),
                    RunStarted = started,
                    RunDeadline = started.AddMinutes(5),
                },
            });
            states[^1].Spec.ResultUuid = states[^1].Spec.Uuid;
        }

        return (checks, states);
    }
}

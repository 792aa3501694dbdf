namespace HealthChecks.Controller.Runs;

/// <summary>
/// Texts from the API server, the scheduler and the kubelet name the run's pod, and the kubelet its
/// UID too (<c>pod: "name_namespace(uid)"</c>). Every run's pod has a new name, so a stored error
/// that kept it would differ run by run, and the metrics' <c>error</c> label would grow a series
/// per run: the pod becomes "the checker pod" and its UID goes.
/// </summary>
public static class PodNameScrub
{
    private const string ThePod = "the checker pod";

    public static string Scrub(string text, string podName, string? podNamespace = null, string? podUid = null)
    {
        if (string.IsNullOrEmpty(podName))
        {
            return text;
        }

        if (!string.IsNullOrEmpty(podUid))
        {
            if (!string.IsNullOrEmpty(podNamespace))
            {
                text = text.Replace($"\"{podName}_{podNamespace}({podUid})\"", ThePod, StringComparison.Ordinal)
                    .Replace($"{podName}_{podNamespace}({podUid})", ThePod, StringComparison.Ordinal);
            }

            text = text.Replace(podUid, "", StringComparison.Ordinal);
        }

        return text.Replace($"\"{podName}\"", ThePod, StringComparison.Ordinal).Replace(podName, ThePod, StringComparison.Ordinal);
    }
}

using k8s;
using k8s.Exceptions;

namespace HealthChecks.Kube;

/// <summary>
/// What an exec credential plugin printed on stderr, so that its failure can be told as the
/// plugin told it ("the SSO session has expired") instead of as the library's JSON parse error
/// with a stack trace. The library hands a plugin's stderr only to a static event; the last lines
/// are kept here (bounded) and read when a load fails.
/// </summary>
internal static class ExecPluginErrors
{
    private const int MaxLines = 20;
    private static readonly Queue<string> Lines = new();
    private static readonly Lock Gate = new();
    private static int _subscribed;

    public static void Listen()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            KubernetesClientConfiguration.ExecStdError += (_, e) =>
            {
                if (string.IsNullOrWhiteSpace(e.Data))
                {
                    return;
                }

                lock (Gate)
                {
                    Lines.Enqueue(e.Data.Length <= 500 ? e.Data : e.Data[..500]);
                    while (Lines.Count > MaxLines)
                    {
                        Lines.Dequeue();
                    }
                }
            };
        }
    }

    /// <summary>Runs a configuration load; a failed plugin's error says what the plugin said.</summary>
    public static T Explain<T>(Func<T> load)
    {
        Listen();
        lock (Gate)
        {
            Lines.Clear();
        }

        try
        {
            return load();
        }
        catch (KubeConfigException ex) when (ex.Message.StartsWith("external exec failed", StringComparison.Ordinal))
        {
            string said;
            lock (Gate)
            {
                said = string.Join("; ", Lines);
            }

            // The library's message carries the whole inner exception and its stack: keep its first line.
            var first = ex.Message.Split('\n', 2)[0].Trim();
            throw new KubeConfigException(said.Length > 0 ? $"{first}; the exec credential plugin said: {said}" : first, ex);
        }
    }
}

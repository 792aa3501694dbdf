using System.Globalization;

namespace HealthChecks.TestKit;

/// <summary>
/// Debian's Chromium, headless (package <c>chromium</c>, installed by scripts/test.sh), driven by
/// its command line: the DOM after load, or a screenshot. The flags keep it off the network but
/// for the page asked for (no sync, updates or background requests); <c>--no-sandbox</c> because
/// tests may run as root. Each call has its own throw-away profile and a time bound.
/// </summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>Where tests leave screenshots: <c>$HC_TEST_ARTIFACTS</c>, else <c>artifacts/screenshots</c> in the repository.</summary>
    public static string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable("HC_TEST_ARTIFACTS") is { Length: > 0 } dir ? dir : System.IO.Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    /// <summary>The page's DOM, serialized after it loaded.</summary>
    public static async Task<string> DumpDomAsync(string url, int width = 1280, int height = 900) =>
        (await RunAsync(url, width, height, "--dump-dom")).StandardOutput;

    /// <summary>Saves a PNG of the page at the given viewport under <see cref="ArtifactsDirectory"/>; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(string url, string name, int width, int height)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        var file = System.IO.Path.Combine(ArtifactsDirectory, name);
        File.Delete(file);
        await RunAsync(url, width, height, "--screenshot=" + file);
        return File.Exists(file) ? file : throw new InvalidOperationException($"chromium wrote no screenshot to {file}");
    }

    private static async Task<ProcessResult> RunAsync(string url, int width, int height, string action)
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing: install Debian's chromium package (scripts/test.sh does)");
        }

        var profile = Directory.CreateTempSubdirectory("hc-chromium-");
        try
        {
            string[] arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--hide-scrollbars",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--user-data-dir=" + profile.FullName,
                string.Create(CultureInfo.InvariantCulture, $"--window-size={width},{height}"),
                action, url,
            ];
            return (await ProcessRunner.RunAsync(Path, arguments, TimeSpan.FromSeconds(90))).EnsureSuccess("chromium " + action);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}

using HealthChecks.TestKit;

namespace HealthChecks.Controller.Tests;

/// <summary>
/// Golden-file comparison. The expected text lives in the repository; on a mismatch the actual
/// text is written next to it (<c>.actual</c>) and the first differing line is reported. Set
/// <c>HC_UPDATE_GOLDEN=1</c> to rewrite the files after a deliberate change (then review the diff).
/// </summary>
internal static class Golden
{
    public static void Match(string relativePath, string actual)
    {
        var path = Path.Combine(RepositoryPaths.Root, relativePath);
        if (Environment.GetEnvironmentVariable("HC_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        var expected = File.Exists(path) ? File.ReadAllText(path) : "";
        if (expected == actual)
        {
            return;
        }

        File.WriteAllText(path + ".actual", actual);
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var i = 0;
        while (i < expectedLines.Length && i < actualLines.Length && expectedLines[i] == actualLines[i])
        {
            i++;
        }

        Assert.Fail($"{relativePath} differs at line {i + 1}:\n  expected: {(i < expectedLines.Length ? expectedLines[i] : "<end>")}\n  actual:   {(i < actualLines.Length ? actualLines[i] : "<end>")}\n(actual written to {path}.actual)");
    }
}

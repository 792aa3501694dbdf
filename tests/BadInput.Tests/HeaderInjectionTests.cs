using System.Text;
using HealthChecks.Controller.Runs;
using k8s;

namespace HealthChecks.BadInput.Tests;

/// <summary>
/// Headers crafted to smuggle a run id or an address past the intake, sent as raw bytes (HttpClient
/// refuses to send most of them): each is refused by the server or the intake, none is stored.
/// </summary>
[Collection(BadInputGroup.Name)]
public sealed class HeaderInjectionTests(BadInputSuite suite)
{
    private static readonly byte[] ForgedOk = Encoding.UTF8.GetBytes("""{"OK":true,"Errors":[]}""");

    [Theory]
    [InlineData("two run id headers", 400)]
    [InlineData("a list of run ids", 400)]
    [InlineData("bare LF in the value", 503)] // the server takes a bare LF as a line's end: what is left is a guessed run id
    [InlineData("bare CR in the value", 400)]
    [InlineData("NUL in the value", 400)]
    [InlineData("folded value", 400)]
    [InlineData("non-ASCII in the value", 400)]
    [InlineData("40 KiB value", 431)]
    [InlineData("underscores in the name", 400)]
    [InlineData("Content-Length and Transfer-Encoding", 400)]
    [InlineData("a checker pod's address forwarded", 400)]
    public async Task A_crafted_header_is_refused_and_nothing_is_stored(string name, int expected)
    {
        var published = await suite.PublishedUuidAsync(BadInputChecks.Failing);
        var guess = Guid.NewGuid().ToString();
        var podIp = await PodAddressAsync();
        string[] headers = name switch
        {
            "two run id headers" => [$"{Intake.RunUuidHeader}: {guess}", $"{Intake.RunUuidHeader}: {published}"],
            "a list of run ids" => [$"{Intake.RunUuidHeader}: {published}, {guess}"],
            "bare LF in the value" => [$"{Intake.RunUuidHeader}: {guess}\nX-Injected: 1"],
            "bare CR in the value" => [$"{Intake.RunUuidHeader}: {guess}\rX-Injected: 1"],
            "NUL in the value" => [$"{Intake.RunUuidHeader}: {published}\0"],
            "folded value" => [$"{Intake.RunUuidHeader}: {guess}", $" {published}"],
            "non-ASCII in the value" => [$"{Intake.RunUuidHeader}: {published}\u00e9"],
            "40 KiB value" => [$"{Intake.RunUuidHeader}: {new string('a', 40 * 1024)}"],
            "underscores in the name" => [$"kh_run_uuid: {published}"],
            "Content-Length and Transfer-Encoding" => ["Transfer-Encoding: chunked", $"{Intake.RunUuidHeader}: {published}"],
            // No run id: the intake falls back to the caller's address, which must be the socket's, never a header's.
            "a checker pod's address forwarded" => [$"X-Forwarded-For: {podIp}", $"Forwarded: for={podIp}", $"X-Real-IP: {podIp}"],
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };

        var (status, text) = await Intake.RawAsync(suite.Port, Intake.RawPost("/check", headers, ForgedOk));

        Assert.True(status == expected, $"{name}: {status} {text[..Math.Min(400, text.Length)]}");
        if (name == "a checker pod's address forwarded")
        {
            Assert.Contains("no running checker pod has the caller's address 127.0.0.1", text, StringComparison.Ordinal);
        }

        await suite.AssertChecksUnaffectedAsync();
    }

    /// <summary>The address of a checker pod of the failing check (the simulator gives each pod one).</summary>
    private async Task<string> PodAddressAsync()
    {
        var pods = await suite.Client.CoreV1.ListNamespacedPodAsync(suite.Namespace, labelSelector: $"{CheckLabels.CheckName}={BadInputChecks.Failing}");
        return pods.Items.Select(p => p.Status?.PodIP).FirstOrDefault(ip => !string.IsNullOrEmpty(ip)) ?? "10.244.0.10";
    }
}

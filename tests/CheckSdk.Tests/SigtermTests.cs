using System.Diagnostics;
using System.Text.Json;
using HealthChecks.CheckSdk.Running;
using HealthChecks.TestKit;

namespace HealthChecks.CheckSdk.Tests;

/// <summary>A real checker process (tests/SdkTestChecker) told to stop with SIGTERM.</summary>
public sealed class SigtermTests
{
    private static string CheckerDll =>
        Path.Combine(AppContext.BaseDirectory.Replace("CheckSdk.Tests", "SdkTestChecker", StringComparison.Ordinal), "HealthChecks.SdkTestChecker.dll");

    [Fact]
    public async Task Sigterm_WhileCheckRuns_ReportsFailureOnceAndExitsOne()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CheckerDll);
        foreach (var (name, value) in Contract.Variables(server.Url("/externalCheckStatus"), DateTimeOffset.UtcNow.AddMinutes(5)))
        {
            info.Environment[name] = value;
        }

        info.Environment["TEST_CHECK_MODE"] = "wait";
        using var process = Process.Start(info)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(startup.Token)) is not null && line != "check started")
            {
            }

            Assert.Equal("check started", line);
            var stdout = process.StandardOutput.ReadToEndAsync();
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(exit.Token);

            Assert.True(ExitCodes.Failed == process.ExitCode, $"exit code {process.ExitCode}\n{await stdout}\n{await stderr}");
            using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
            Assert.False(body.RootElement.GetProperty("OK").GetBoolean());
            Assert.Equal("check stopped: received a termination signal", body.RootElement.GetProperty("Errors")[0].GetString());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}

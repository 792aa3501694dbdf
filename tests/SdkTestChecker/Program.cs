using HealthChecks.CheckSdk.Reporting;
using HealthChecks.CheckSdk.Running;

// TEST_CHECK_MODE=wait: print "check started" and wait for the token (deadline or SIGTERM).
// TEST_CHECK_MODE=pass: report success at once.
var mode = Environment.GetEnvironmentVariable("TEST_CHECK_MODE") ?? "pass";
return await CheckRunner.RunAsync(async (context, cancellationToken) =>
{
    await Console.Out.WriteLineAsync("check started");
    await Console.Out.FlushAsync(cancellationToken);
    if (mode == "wait")
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, cancellationToken);
    }

    return CheckReport.Success();
});

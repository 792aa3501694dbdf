using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.Scheduling;

namespace HealthChecks.Controller.Api;

/// <summary>
/// <c>POST /api/run?namespace=&amp;name=</c>: run a khcheck now, through the leader's work queue,
/// as if it were due. Only the leader runs checks: another replica answers 503 and names the leader.
/// 202 accepted (the result shows in the status page when the run ends), 404 no such khcheck,
/// 409 a run is going or the check is paused or invalid, 400 without namespace and name; 503 with
/// the reason while the CRDs are outdated (no check runs then).
/// </summary>
public static class RunNowEndpoints
{
    public static IEndpointRouteBuilder MapRunNow(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/run", RunAsync);
        return app;
    }

    private static IResult RunAsync(HttpContext http, LeadershipService leadership, ControlLoop loop, Crds.CrdSchemaGate schema)
    {
        var ns = http.Request.Query["namespace"].ToString();
        var name = http.Request.Query["name"].ToString();
        if (ns.Length == 0 || name.Length == 0)
        {
            return Results.Text("give the check as ?namespace=<namespace>&name=<name>\n", statusCode: StatusCodes.Status400BadRequest);
        }

        if (schema.Problem is { } refused)
        {
            return Results.Text(refused.Message + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!leadership.IsLeader)
        {
            return NotLeader(leadership);
        }

        var key = new Runs.CheckKey(ns, name);
        return loop.RequestRun(key) switch
        {
            RunNowOutcome.Accepted => Results.Text($"run of {key} started; its result shows on / when it ends\n", statusCode: StatusCodes.Status202Accepted),
            RunNowOutcome.Unknown => Results.Text($"no khcheck {key}\n", statusCode: StatusCodes.Status404NotFound),
            RunNowOutcome.AlreadyRunning => Results.Text($"a run of {key} is going; try again when it has ended\n", statusCode: StatusCodes.Status409Conflict),
            RunNowOutcome.NotScheduled => Results.Text($"{key} is paused or invalid (see its State and Errors on /), so it is not run\n", statusCode: StatusCodes.Status409Conflict),
            _ => NotLeader(leadership),
        };
    }

    private static IResult NotLeader(LeadershipService leadership) =>
        Results.Text(
            $"this replica does not lead; only the leader ({(leadership.CurrentLeader is { Length: > 0 } leader ? leader : "none yet")}) runs checks\n",
            statusCode: StatusCodes.Status503ServiceUnavailable);
}

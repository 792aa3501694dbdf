using HealthChecks.Controller.Scheduling;
using HealthChecks.Kube;

namespace HealthChecks.Controller.Api;

/// <summary>
/// <c>POST /api/run?namespace=&amp;name=</c> with <c>Authorization: Bearer &lt;token&gt;</c>: run a
/// khcheck now, as if it were due. Any replica takes it: the caller must be allowed to patch the
/// khcheck (<see cref="RequestAuthorizer"/>), and the request becomes the khcheck's run-requested
/// annotation, which the leader acts on (<see cref="RunRequests"/>). 202 accepted (the result
/// shows on the status page when the run ends); 400 without namespace and name; 401 without a
/// valid token; 403 not allowed; 404 no such khcheck; 409 a run is going, or the check is paused
/// or invalid; 429 too many requests from this address; 503 the API server could not be asked, or,
/// with the reason, the CRDs are outdated (no check runs then: <see cref="Crds.CrdSchemaGate"/>).
/// </summary>
public static class RunNowEndpoints
{
    public static IEndpointRouteBuilder MapRunNow(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/run", RunAsync);
        return app;
    }

    private static async Task<IResult> RunAsync(HttpContext http, RunNowGate gate, RequestAuthorizer authorizer, RunRequests requests, Crds.CrdSchemaGate schema)
    {
        var (pass, refusedWith) = gate.Enter(http.Connection.RemoteIpAddress);
        if (pass is null)
        {
            http.Response.Headers.RetryAfter = "1";
            return Results.Text("too many requests; try again in a moment\n", statusCode: refusedWith);
        }

        using var entered = pass;
        var ns = http.Request.Query["namespace"].ToString();
        var name = http.Request.Query["name"].ToString();
        if (ns.Length == 0 || name.Length == 0)
        {
            return Results.Text("give the check as ?namespace=<namespace>&name=<name>\n", statusCode: StatusCodes.Status400BadRequest);
        }

        // Before the TokenReview: no run can be asked for now, and the reason is on the status page anyway.
        if (schema.Problem is { } outdated)
        {
            return Results.Text(outdated.Message + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var key = new Runs.CheckKey(ns, name);
        RunRequestAuth auth;
        try
        {
            auth = await authorizer.AuthorizeAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null, key, http.RequestAborted);
            if (!auth.Allowed)
            {
                if (auth.StatusCode == StatusCodes.Status401Unauthorized)
                {
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                }

                return Results.Text(auth.Reason + "\n", statusCode: auth.StatusCode);
            }

            return await requests.RequestAsync(key, auth.User, http.RequestAborted) switch
            {
                RunNowOutcome.Accepted => Results.Text($"a run of {key} is asked for; its result shows on / when it ends\n", statusCode: StatusCodes.Status202Accepted),
                RunNowOutcome.Unknown => Results.Text($"no khcheck {key}\n", statusCode: StatusCodes.Status404NotFound),
                RunNowOutcome.AlreadyRunning => Results.Text($"a run of {key} is going; try again when it has ended\n", statusCode: StatusCodes.Status409Conflict),
                _ => Results.Text($"{key} is paused or invalid (see its State and Errors on /), so it is not run\n", statusCode: StatusCodes.Status409Conflict),
            };
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            return Results.Text($"the Kubernetes API could not be asked: {ex.Describe()}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

using HealthChecks.CheckSdk;
using HealthChecks.Controller.Api;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Runs;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace HealthChecks.Controller.Reporting;

/// <summary>
/// <c>POST /externalCheckStatus</c> (v2 checkers) and <c>POST /check</c> (v3 checkers): the body is
/// read up to the limit, then handed to <see cref="ReportIntake"/>. Refusals carry a plain-text
/// reason; a success has an empty body, as upstream.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapCheckReports(this IEndpointRouteBuilder app)
    {
        app.MapPost(CheckProtocol.V2ReportPath, TakeAsync);
        app.MapPost(CheckProtocol.V3ReportPath, TakeAsync);
        return app;
    }

    private static async Task<IResult> TakeAsync(HttpContext http, ReportIntake intake, ReportGate gate, ControllerOptions options, ControllerMetrics metrics)
    {
        var (pass, refusedWith) = gate.Enter(http.Connection.RemoteIpAddress);
        if (pass is null)
        {
            metrics.CountReport(IntakeOutcome.Throttled);
            http.Response.Headers.RetryAfter = "1";
            return Results.Text(refusedWith == StatusCodes.Status429TooManyRequests ? "too many reports from this address; slow down" : "too many reports at once; try again", statusCode: refusedWith);
        }

        using var entered = pass;

        // Kestrel's own floor (240 bytes a second after 5 s) would cut a slow body first, with an
        // exception of its own; the report's deadline below is the one limit, answered and counted.
        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minimumRate)
        {
            minimumRate.MinDataRate = null;
        }

        ReadOnlyMemory<byte>? body;
        using (var readDeadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted))
        {
            readDeadline.CancelAfter(options.ReportReadTimeout);
            try
            {
                body = await ReadBoundedAsync(http.Request, options.MaxReportBytes, readDeadline.Token);
            }
            catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
            {
                metrics.CountReport(IntakeOutcome.SlowBody);
                return Results.Text($"the report's body did not arrive within {GoDuration.Format(options.ReportReadTimeout)}", statusCode: StatusCodes.Status408RequestTimeout);
            }
        }

        if (body is null)
        {
            metrics.CountReport(IntakeOutcome.TooLarge);
            return Results.Text($"the report is larger than {options.MaxReportBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var outcome = await intake.TakeAsync(http.Request.Headers[CheckProtocol.RunUuidHeader], http.Connection.RemoteIpAddress, body.Value, http.RequestAborted);
        return outcome.StatusCode == 200 ? Results.Ok() : Results.Text(outcome.Message, statusCode: outcome.StatusCode);
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

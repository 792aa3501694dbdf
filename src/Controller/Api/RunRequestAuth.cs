namespace HealthChecks.Controller.Api;

/// <summary>The answer to "may this caller ask for a run": who it is, or why not (401 or 403).</summary>
public sealed record RunRequestAuth(bool Allowed, int StatusCode, string User, string Reason)
{
    public static RunRequestAuth Allow(string user) => new(true, StatusCodes.Status202Accepted, user, "");

    public static RunRequestAuth Unauthenticated(string reason) => new(false, StatusCodes.Status401Unauthorized, "", reason);

    public static RunRequestAuth Forbidden(string reason) => new(false, StatusCodes.Status403Forbidden, "", reason);
}

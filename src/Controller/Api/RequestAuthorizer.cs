using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Api;

/// <summary>
/// Who may ask for a run, decided the Kubernetes way, as kube-rbac-proxy does: the bearer token
/// is checked with a TokenReview, and its user must be allowed to <c>patch</c> the khcheck (a
/// SubjectAccessReview): the same right as setting its run-requested annotation with kubectl.
/// Answers are kept for a short while (successes 30 s, refusals 10 s), so repeated requests with
/// one token, even a bad one, do not turn into API calls each.
/// </summary>
public sealed class RequestAuthorizer(IKubernetes client, TimeProvider time)
{
    private static readonly TimeSpan KeepAllowed = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepRefused = TimeSpan.FromSeconds(10);
    private const int MaxKept = 1024;

    private readonly ConcurrentDictionary<string, (RunRequestAuth Answer, DateTimeOffset Until)> _kept = new(StringComparer.Ordinal);

    public async Task<RunRequestAuth> AuthorizeAsync(string? authorization, CheckKey check, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            return RunRequestAuth.Unauthenticated("a bearer token is required (Authorization: Bearer <token>)");
        }

        var token = authorization[7..].Trim();
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))) + " " + check;
        var now = time.GetUtcNow();
        if (_kept.TryGetValue(key, out var kept) && kept.Until > now)
        {
            return kept.Answer;
        }

        var answer = await DecideAsync(token, check, cancellationToken);
        if (_kept.Count >= MaxKept)
        {
            _kept.Clear(); // bounded; a burst of distinct tokens costs at most one review each anyway
        }

        _kept[key] = (answer, now + (answer.Allowed ? KeepAllowed : KeepRefused));
        return answer;
    }

    private async Task<RunRequestAuth> DecideAsync(string token, CheckKey check, CancellationToken cancellationToken)
    {
        var review = await client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { ApiVersion = "authentication.k8s.io/v1", Kind = "TokenReview", Spec = new V1TokenReviewSpec { Token = token } },
            cancellationToken: cancellationToken);
        if (review.Status is not { Authenticated: true, User: { } user })
        {
            return RunRequestAuth.Unauthenticated("the token was not accepted by the API server");
        }

        var access = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(
            new V1SubjectAccessReview
            {
                ApiVersion = "authorization.k8s.io/v1",
                Kind = "SubjectAccessReview",
                Spec = new V1SubjectAccessReviewSpec
                {
                    User = user.Username,
                    Groups = user.Groups,
                    Uid = user.Uid,
                    Extra = user.Extra,
                    ResourceAttributes = new V1ResourceAttributes
                    {
                        Group = KhResources.Group,
                        Resource = KhResources.Checks.Plural,
                        Verb = "patch",
                        NamespaceProperty = check.Namespace,
                        Name = check.Name,
                    },
                },
            },
            cancellationToken: cancellationToken);
        return access.Status?.Allowed == true
            ? RunRequestAuth.Allow(user.Username)
            : RunRequestAuth.Forbidden($"{user.Username} may not patch khcheck {check}" + (string.IsNullOrEmpty(access.Status?.Reason) ? "" : ": " + access.Status.Reason));
    }
}

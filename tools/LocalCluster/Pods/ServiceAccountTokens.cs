using System.Text;
using HealthChecks.Kube;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// Reads a ServiceAccount's token Secret (created by the 1.20 token controller): the token and
/// the cluster CA that go into the pod's kubeconfig and /run/secrets/kubernetes.io/serviceaccount.
/// </summary>
internal sealed class ServiceAccountTokens(KubeApiClient client)
{
    public sealed record Credentials(string Token, string CaPem);

    /// <summary>Null while the token controller has not created the Secret yet.</summary>
    public async Task<Credentials?> GetAsync(string @namespace, string serviceAccount, CancellationToken cancellationToken)
    {
        var account = await client.GetAsync(KubeResources.ServiceAccounts, @namespace, serviceAccount, cancellationToken).ConfigureAwait(false);
        foreach (var reference in account?.Secrets ?? [])
        {
            var secret = await client.GetAsync(KubeResources.Secrets, @namespace, reference.Name ?? "", cancellationToken).ConfigureAwait(false);
            if (secret is { Type: "kubernetes.io/service-account-token" } && secret.Data?.GetValueOrDefault("token") is { } token)
            {
                var ca = secret.Data.GetValueOrDefault("ca.crt") is { } caData ? Decode(caData) : "";
                return new Credentials(Decode(token), ca);
            }
        }

        return null;
    }

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}

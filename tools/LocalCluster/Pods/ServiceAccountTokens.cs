using System.Text;
using HealthChecks.Kube;
using HealthChecks.LocalCluster.Simulation;
using k8s;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// Reads a ServiceAccount's token Secret (created by the 1.20 token controller): the token and
/// the cluster CA that go into the pod's kubeconfig and /run/secrets/kubernetes.io/serviceaccount.
/// </summary>
internal sealed class ServiceAccountTokens(IKubernetes client)
{
    public sealed record Credentials(string Token, string CaPem);

    /// <summary>Null while the token controller has not created the Secret yet.</summary>
    public async Task<Credentials?> GetAsync(string @namespace, string serviceAccount, CancellationToken cancellationToken)
    {
        var account = await client.CoreV1.ReadNamespacedServiceAccountAsync(serviceAccount, @namespace, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
        foreach (var reference in account?.Secrets ?? [])
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(reference.Name ?? "", @namespace, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
            if (secret is { Type: "kubernetes.io/service-account-token" } && secret.Data.ValueOrNull("token") is { } token)
            {
                var ca = secret.Data.ValueOrNull("ca.crt") is { } caData ? Decode(caData) : "";
                return new Credentials(Decode(token), ca);
            }
        }

        return null;
    }

    // The client has already decoded the Secret's base64.
    private static string Decode(byte[] data) => Encoding.UTF8.GetString(data);
}

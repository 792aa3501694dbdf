using HealthChecks.Kube;
using k8s.Autorest;

namespace HealthChecks.Checks.Common;

/// <summary>
/// An API error that ends a check, with the one bounded line of <see cref="KubeApiErrors.Describe"/>
/// as its message ("403 Forbidden: daemonsets.apps is forbidden: ..."). The official client's
/// <see cref="HttpOperationException"/> message repeats the whole response body, and CheckRunner
/// reports an exception's message as the failure, so the checks rethrow API errors as this.
/// </summary>
public sealed class KubeApiCallException : Exception
{
    public KubeApiCallException()
    {
    }

    public KubeApiCallException(string message)
        : base(message)
    {
    }

    public KubeApiCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Runs a check; an API error it ends on comes out as a <see cref="KubeApiCallException"/>.</summary>
    public static async Task<T> DescribingApiErrorsAsync<T>(Func<Task<T>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            return await check().ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            throw new KubeApiCallException(ex.Describe(), ex);
        }
    }
}

namespace HealthChecks.Kube;

/// <summary>
/// The official client throws for a 404; a controller usually means "absent" by it. These turn a
/// 404 into a value (null, or false for a delete) and let every other failure through.
/// </summary>
public static class NotFoundHandling
{
    /// <summary>The object, or null when the API answered 404.</summary>
    public static async Task<T?> OrNullIfNotFound<T>(this Task<T> call)
        where T : class
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>True when the call succeeded, false when the object was already gone (404).</summary>
    public static async Task<bool> ExceptNotFound<T>(this Task<T> call)
    {
        try
        {
            await call.ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return false;
        }
    }
}

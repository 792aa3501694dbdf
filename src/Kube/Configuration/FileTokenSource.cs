namespace HealthChecks.Kube.Configuration;

/// <summary>
/// A token read from a file and read again once it is older than <c>refreshInterval</c>:
/// projected service-account tokens rotate (kubelet rewrites the file), so a token read once
/// at start-up would expire under a long-running controller.
/// </summary>
public sealed class FileTokenSource : ITokenSource
{
    private readonly string _path;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _readAt;

    public FileTokenSource(string path, TimeSpan refreshInterval, TimeProvider time)
    {
        _path = path;
        _refreshInterval = refreshInterval;
        _time = time;
        Read(); // fail at configuration time, with the path, rather than on the first request
    }

    public string GetToken()
    {
        lock (_gate)
        {
            if (_time.GetUtcNow() - _readAt >= _refreshInterval)
            {
                try
                {
                    Read();
                }
                catch (KubeConfigException) when (_token is not null)
                {
                    // Mid-rotation the file may be briefly missing: keep the last good token.
                }
            }

            return _token!;
        }
    }

    private void Read()
    {
        string token;
        try
        {
            token = File.ReadAllText(_path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"cannot read the token file '{_path}': {ex.Message}", ex);
        }

        if (token.Length == 0)
        {
            throw new KubeConfigException($"the token file '{_path}' is empty");
        }

        _token = token;
        _readAt = _time.GetUtcNow();
    }
}

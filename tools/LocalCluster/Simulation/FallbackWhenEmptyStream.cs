namespace HealthChecks.LocalCluster.Simulation;

/// <summary>
/// Reads through to an inner stream as it arrives; if the inner stream ends without having given
/// a single byte, reads <c>fallback</c> instead before the end (see <see cref="EmptyWatchBookmarks"/>).
/// </summary>
internal sealed class FallbackWhenEmptyStream(Stream inner, byte[] fallback) : Stream
{
    private bool _gaveAnything;
    private int _fallbackOffset = -1; // -1: the inner stream has not ended yet

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_fallbackOffset < 0)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0 || buffer.IsEmpty)
            {
                _gaveAnything |= read > 0;
                return read;
            }

            _fallbackOffset = _gaveAnything ? fallback.Length : 0;
        }

        var count = Math.Min(buffer.Length, fallback.Length - _fallbackOffset);
        fallback.AsMemory(_fallbackOffset, count).CopyTo(buffer);
        _fallbackOffset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

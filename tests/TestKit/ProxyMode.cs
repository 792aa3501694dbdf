namespace HealthChecks.TestKit;

/// <summary>What a <see cref="TcpFaultProxy"/> does with its traffic; a test may switch at any time.</summary>
public enum ProxyMode
{
    /// <summary>Forward both ways.</summary>
    Pass,

    /// <summary>
    /// A frozen peer: nothing moves either way, on open connections and on new ones (accepted,
    /// then held). Data already read waits in the proxy's one buffer per direction, so the
    /// senders' socket buffers fill and their writes block. Back to <see cref="Pass"/>, everything
    /// held is delivered, in order.
    /// </summary>
    Pause,

    /// <summary>
    /// A network that swallows: connections (open and new) are read and the bytes discarded, never
    /// answered, never closed: no RST, no FIN either way, so the client must find out by its own
    /// timeouts. A connection that lost bytes stays swallowed for the rest of its life (its
    /// stream is broken); connections that lost nothing go on once the mode is back to <see cref="Pass"/>.
    /// </summary>
    Blackhole,

    /// <summary>
    /// Every connection open when the mode is set is reset (RST), and so is every connection
    /// accepted while it stays set: the listener keeps accepting, the peer keeps dying.
    /// </summary>
    Reset,

    /// <summary>New connections are closed at once (FIN, nothing read); open ones go on as they were.</summary>
    Refuse,
}

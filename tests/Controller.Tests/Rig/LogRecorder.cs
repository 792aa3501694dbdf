using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;

namespace HealthChecks.Controller.Tests.Rig;

/// <summary>One log entry as <see cref="LogRecorder{T}"/> kept it.</summary>
internal sealed record LogEntry(LogLevel Level, EventId Id, string Message, Exception? Error);

/// <summary>A logger that keeps what it is given, for tests that assert something was logged.</summary>
internal sealed class LogRecorder<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), exception));
}

using HealthChecks.LocalCluster.Images;
using Microsoft.Extensions.Logging;

namespace HealthChecks.LocalCluster.Pods;

internal sealed partial class PodWorker
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Pod {Pod}: starting, podIP {PodIp}, local {LocalIp}, folder {Folder}")]
        public static partial void Starting(ILogger logger, string pod, string podIp, string localIp, string folder);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Pod {Pod}: container {Container} started ({Kind}) {Argv}")]
        public static partial void ContainerStarted(ILogger logger, string pod, string container, ImageRunKind kind, string argv);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Pod {Pod}: container {Container} exited with {ExitCode}")]
        public static partial void ContainerExited(ILogger logger, string pod, string container, int exitCode);

        [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Pod {Pod}: container {Container} could not start")]
        public static partial void StartFailed(ILogger logger, string pod, string container, Exception error);

        [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Pod {Pod}: ServiceAccount {Account} has no token Secret yet; trying again")]
        public static partial void NoToken(ILogger logger, string pod, string account);

        [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "Pod {Pod}: deleting, grace period {Grace}")]
        public static partial void Deleting(ILogger logger, string pod, TimeSpan grace);

        [LoggerMessage(EventId = 5107, Level = LogLevel.Information, Message = "Pod {Pod}: grace period {Grace} over; SIGKILL")]
        public static partial void GraceExpired(ILogger logger, string pod, TimeSpan grace);

        [LoggerMessage(EventId = 5108, Level = LogLevel.Information, Message = "Pod {Pod}: object removed ({Deleted})")]
        public static partial void Deleted(ILogger logger, string pod, bool deleted);

        [LoggerMessage(EventId = 5109, Level = LogLevel.Debug, Message = "Pod {Pod}: status written, phase {Phase}")]
        public static partial void StatusWritten(ILogger logger, string pod, string? phase);

        [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Pod {Pod}: API call failed; trying again")]
        public static partial void HandlerFailed(ILogger logger, string pod, Exception error);

        [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "Pod {Pod}: container {Container} failed its liveness probe; killing it")]
        public static partial void LivenessFailed(ILogger logger, string pod, string container);

        [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "Pod {Pod}: containers did not stop in time")]
        public static partial void StopSlow(ILogger logger, string pod);
    }
}

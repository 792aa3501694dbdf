namespace HealthChecks.Kube.Models;

public sealed class V1Probe : KubeModel
{
    public V1ExecAction? Exec { get; set; }

    public V1HTTPGetAction? HttpGet { get; set; }

    public V1TCPSocketAction? TcpSocket { get; set; }

    public V1GRPCAction? Grpc { get; set; }

    public int? InitialDelaySeconds { get; set; }

    public int? TimeoutSeconds { get; set; }

    public int? PeriodSeconds { get; set; }

    public int? SuccessThreshold { get; set; }

    public int? FailureThreshold { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }
}

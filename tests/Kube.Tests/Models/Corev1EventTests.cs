using HealthChecks.Kube.Models;

namespace HealthChecks.Kube.Tests.Models;

public class Corev1EventTests
{
    [Fact]
    public void Serialize_Event_WritesEventTimeAsMicroTimeAndTimestampsAsTime()
    {
        var at = new DateTimeOffset(2024, 4, 25, 13, 20, 5, TimeSpan.Zero).AddTicks(1234567);
        var @event = new Corev1Event
        {
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "sim-pod-0", NamespaceProperty = "default" },
            Reason = "Started",
            Type = "Normal",
            EventTime = at,
            FirstTimestamp = at,
            LastTimestamp = at,
            ReportingComponent = "node-simulator",
            ReportingInstance = "node-1",
            Action = "Start",
        };

        var json = ModelJson.Parse(ModelJson.Write(@event));

        Assert.Equal("2024-04-25T13:20:05.123456Z", json["eventTime"]!.GetValue<string>());
        Assert.Equal("2024-04-25T13:20:05Z", json["firstTimestamp"]!.GetValue<string>());
        Assert.Equal("2024-04-25T13:20:05Z", json["lastTimestamp"]!.GetValue<string>());
        Assert.Equal("default", json["involvedObject"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void Deserialize_Event_ReadsSourceSeriesAndCount()
    {
        var @event = ModelJson.Read<Corev1Event>(CoreSamples.Event);

        Assert.Equal("kubelet", @event.Source?.Component);
        Assert.Equal("node-1", @event.Source?.Host);
        Assert.Equal(3, @event.Count);
        Assert.Equal(3, @event.Series?.Count);
        Assert.Equal(new DateTimeOffset(2024, 4, 25, 13, 21, 5, TimeSpan.Zero).AddTicks(6543210), @event.Series?.LastObservedTime);
        Assert.Equal("sim-pod-0", @event.InvolvedObject?.Name);
        Assert.Equal("default", @event.InvolvedObject?.NamespaceProperty);
    }
}

using k8s.Models;

namespace HealthChecks.Kube.Tests.Models;

public class EventContractTests
{
    [Fact]
    public void Serialize_EventAsTheControllerRecordsIt_WritesTimestampsAsRfc3339Utc()
    {
        var now = new DateTime(2024, 4, 25, 13, 20, 5, DateTimeKind.Utc);
        var @event = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = "dns.18f2a3b4c5d", NamespaceProperty = "checks" },
            InvolvedObject = new V1ObjectReference { ApiVersion = "comcast.github.io/v1", Kind = "KuberhealthyCheck", Name = "dns", NamespaceProperty = "checks", Uid = "u-1" },
            Type = "Warning",
            Reason = "CheckFailed",
            Message = "lookup failed",
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
            Source = new V1EventSource { Component = "healthchecks-controller" },
            ReportingComponent = "healthchecks-controller",
            ReportingInstance = "pod-a",
        };

        var json = ModelJson.Parse(ModelJson.Write(@event));

        Assert.Equal(("2024-04-25T13:20:05Z", "2024-04-25T13:20:05Z"), ((string?)json["firstTimestamp"], (string?)json["lastTimestamp"]));
        Assert.Equal(("checks", "KuberhealthyCheck", 1), ((string?)json["involvedObject"]!["namespace"], (string?)json["involvedObject"]!["kind"], (int?)json["count"]));
        Assert.Equal("healthchecks-controller", (string?)json["source"]!["component"]);
        Assert.Null(json["eventTime"]); // not set: the API server fills nothing in for core/v1 Events
    }

    [Fact]
    public void Deserialize_Event_ReadsSourceSeriesAndCount()
    {
        var @event = ModelJson.Read<Corev1Event>(CoreSamples.Event);

        Assert.Equal("kubelet", @event.Source?.Component);
        Assert.Equal("node-1", @event.Source?.Host);
        Assert.Equal(3, @event.Count);
        Assert.Equal(3, @event.Series?.Count);
        Assert.Equal(new DateTime(2024, 4, 25, 13, 21, 5, DateTimeKind.Utc).AddTicks(6543210), @event.Series?.LastObservedTime);
        Assert.Equal("sim-pod-0", @event.InvolvedObject?.Name);
        Assert.Equal("default", @event.InvolvedObject?.NamespaceProperty);
    }

    [Fact]
    public void Serialize_EventWithSeries_RoundTripsMicroTimes()
    {
        var at = new DateTime(2024, 4, 25, 13, 20, 5, DateTimeKind.Utc).AddTicks(1234567);
        var @event = new Corev1Event
        {
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "sim-pod-0", NamespaceProperty = "default" },
            EventTime = at,
            Series = new Corev1EventSeries { Count = 4, LastObservedTime = at.AddSeconds(30) },
            Action = "Start",
            ReportingComponent = "node-simulator",
            ReportingInstance = "node-1",
        };

        var written = ModelJson.Write(@event);
        var json = ModelJson.Parse(written);
        var back = ModelJson.Read<Corev1Event>(written);

        Assert.Equal("2024-04-25T13:20:05.123456Z", (string?)json["eventTime"]);
        Assert.Equal(("2024-04-25T13:20:35.123456Z", 4), ((string?)json["series"]!["lastObservedTime"], (int?)json["series"]!["count"]));
        Assert.Equal((4, at.AddSeconds(30).AddTicks(-7)), (back.Series.Count, back.Series.LastObservedTime));
    }
}

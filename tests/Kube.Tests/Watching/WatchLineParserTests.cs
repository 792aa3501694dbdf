using System.Net;
using System.Text.Json;
using HealthChecks.Kube.Models;
using HealthChecks.Kube.Serialization;
using HealthChecks.Kube.Watching;

namespace HealthChecks.Kube.Tests.Watching;

public class WatchLineParserTests
{
    private const string ConfigMapJson = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"ns","resourceVersion":"42"},"data":{"mode":"fast"}}""";

    [Theory]
    [InlineData("ADDED", WatchEventType.Added)]
    [InlineData("MODIFIED", WatchEventType.Modified)]
    [InlineData("DELETED", WatchEventType.Deleted)]
    public void Parse_ObjectEvent_ReadsTypeAndObject(string wireType, WatchEventType expected)
    {
        var change = Parse($$"""{"type":"{{wireType}}","object":{{ConfigMapJson}}}""");

        Assert.Equal(expected, change.Type);
        Assert.Equal("settings", change.Object.Metadata.Name);
        Assert.Equal("42", change.Object.Metadata.ResourceVersion);
        Assert.Equal("fast", change.Object.Data!["mode"]);
    }

    [Fact]
    public void Parse_Bookmark_CarriesOnlyTheResourceVersion()
    {
        var change = Parse("""{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"977"}}}""");

        Assert.Equal(WatchEventType.Bookmark, change.Type);
        Assert.Equal("977", change.Object.Metadata.ResourceVersion);
        Assert.Null(change.Object.Metadata.Name);
    }

    [Fact]
    public void Parse_ErrorExpired_ThrowsGoneWithApiMessage()
    {
        const string line = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 5 (90)","reason":"Expired","code":410}}""";

        var error = Assert.Throws<KubeApiException>(() => Parse(line));

        Assert.True(error.IsGone);
        Assert.Equal(HttpStatusCode.Gone, error.StatusCode);
        Assert.Equal("Expired", error.Reason);
        Assert.Contains("too old resource version: 5 (90)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorWithoutCode_ThrowsInternalServerError()
    {
        var error = Assert.Throws<KubeApiException>(() => Parse("""{"type":"ERROR","object":{"kind":"Status","message":"etcd unavailable"}}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.False(error.IsGone);
        Assert.Contains("etcd unavailable", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"ADDED","object":""")]
    [InlineData("not json")]
    public void Parse_MalformedLine_ThrowsJsonException(string line)
    {
        Assert.ThrowsAny<JsonException>(() => Parse(line));
    }

    [Theory]
    [InlineData("""{"object":{}}""")]
    [InlineData("""{"type":"ADDED"}""")]
    public void Parse_MissingTypeOrObject_ThrowsJsonExceptionQuotingTheLine(string line)
    {
        var error = Assert.Throws<JsonException>(() => Parse(line));

        Assert.Contains(line, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownType_ThrowsJsonExceptionNamingIt()
    {
        var error = Assert.Throws<JsonException>(() => Parse($$"""{"type":"RENAMED","object":{{ConfigMapJson}}}"""));

        Assert.Contains("RENAMED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NullObject_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => Parse("""{"type":"ADDED","object":null}"""));
    }

    private static WatchEvent<V1ConfigMap> Parse(string line) => WatchLineParser.Parse(line, KubeJsonContext.Default.V1ConfigMap);
}

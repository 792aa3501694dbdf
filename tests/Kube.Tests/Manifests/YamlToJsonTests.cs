using HealthChecks.Kube.Manifests;

namespace HealthChecks.Kube.Tests.Manifests;

public class YamlToJsonTests
{
    [Theory]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("1", "1")]
    [InlineData("-12", "-12")]
    [InlineData("'1'", "\"1\"")]
    [InlineData("\"1\"", "\"1\"")]
    [InlineData("1.5", "1.5")]
    [InlineData("1e3", "1000")]
    [InlineData("null", "null")]
    [InlineData("~", "null")]
    [InlineData("", "null")]
    [InlineData("\"null\"", "\"null\"")]
    [InlineData("hello world", "\"hello world\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("1_000", "\"1_000\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("2024-01-01", "\"2024-01-01\"")]
    [InlineData("\"\"", "\"\"")]
    public void ParseDocuments_Scalar_PlainIsTypedQuotedStaysString(string yaml, string json)
    {
        var document = Assert.Single(YamlToJson.ParseDocuments("value: " + yaml));

        Assert.Equal($$"""{"value":{{json}}}""", document.ToJsonString());
    }

    [Fact]
    public void ParseDocuments_BlockScalar_StaysString()
    {
        var document = Assert.Single(YamlToJson.ParseDocuments("script: |\n  echo 1\n  exit 0\n"));

        Assert.Equal("echo 1\nexit 0\n", document["script"]!.GetValue<string>());
    }

    [Fact]
    public void ParseDocuments_NestedMapsAndLists_KeepStructure()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web, tier: "1"}
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                    - name: app
                      ports:
                        - containerPort: 8080
                      args: [--verbose, "--port=8080"]
            """;

        var document = Assert.Single(YamlToJson.ParseDocuments(yaml));

        Assert.Equal(
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web","tier":"1"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":8080}],"args":["--verbose","--port=8080"]}]}}}}""",
            document.ToJsonString());
    }

    [Fact]
    public void ParseDocuments_MultipleDocuments_SkipsEmptyOnes()
    {
        const string yaml = """
            kind: A
            ---
            ---
            # only a comment
            ---
            kind: B
            """;

        var documents = YamlToJson.ParseDocuments(yaml);

        Assert.Equal(["""{"kind":"A"}""", """{"kind":"B"}"""], documents.Select(d => d.ToJsonString()));
    }

    [Fact]
    public void ParseDocuments_EmptyText_ReturnsNoDocuments()
    {
        Assert.Empty(YamlToJson.ParseDocuments(""));
    }

    [Fact]
    public void ParseDocuments_InvalidYaml_ThrowsFormatExceptionWithLine()
    {
        const string yaml = "kind: A\nmetadata:\n  name: [unclosed\n";

        var error = Assert.Throws<FormatException>(() => YamlToJson.ParseDocuments(yaml));

        Assert.Contains("invalid YAML at line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseDocuments_NonScalarKey_ThrowsFormatException()
    {
        var error = Assert.Throws<FormatException>(() => YamlToJson.ParseDocuments("? [a, b]\n: value\n"));

        Assert.Contains("mapping key must be a scalar", error.Message, StringComparison.Ordinal);
    }
}

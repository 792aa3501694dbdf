using System.Text;

namespace HealthChecks.BadInput.Tests;

/// <summary>
/// Bodies that are not a report: broken JSON, wrong types, too large. Each is refused before any
/// run is looked up (a 400 or 413 with a reason), counted, and changes nothing.
/// </summary>
[Collection(BadInputGroup.Name)]
public sealed class MalformedReportTests(BadInputSuite suite)
{
    public static TheoryData<string> NotReports =>
    [
        "",
        "{",
        """{"OK":true""",
        """{"OK":true}}""",
        """{"OK":true,}""",
        """{'OK':true}""",
        "null",
        "[]",
        "\"OK\"",
        "true",
        """{"OK":true} trailing""",
        """{"OK":tru}""",
        new string('[', 200) + new string(']', 200), // deeper than the reader's limit of 64
        """{"a":""" + string.Concat(Enumerable.Repeat("""{"a":""", 100)) + "1" + new string('}', 101),
        // Wrong types and missing fields.
        "{}",
        """{"OK":"true"}""",
        """{"OK":1}""",
        """{"OK":null}""",
        """{"ok":"yes"}""",
        """{"Errors":["no verdict"]}""",
        """{"OK":true,"Errors":"not a list"}""",
        """{"OK":true,"Errors":[1]}""",
        """{"OK":false}""",
        """{"OK":false,"Errors":[]}""",
        """{"OK":false,"Errors":{}}""",
        """{"OK":false,"Errors":[""]}""",
        """{"OK":false,"Errors":["  \t"]}""",
        """{"OK":false,"Errors":[null]}""",
        """{"OK":false,"Errors":[["nested"]]}""",
        """{"OK":false,"Errors":[{"text":"object"}]}""",
    ];

    [Theory]
    [MemberData(nameof(NotReports))]
    public async Task A_body_that_is_not_a_report_is_refused_400(string body)
    {
        var published = await suite.PublishedUuidAsync(BadInputChecks.Failing);
        var before = await Intake.OutcomesAsync(suite.Url);
        var (status, text) = await Intake.PostAsync(suite.Url, published, body);
        var after = await Intake.OutcomesAsync(suite.Url);

        Assert.True(status == 400, $"{status} {text}");
        Assert.Equal(1, after["malformed"] - before["malformed"]);
        Assert.Equal(Total(before) + 1, Total(after));
    }

    [Fact]
    public async Task Invalid_UTF8_is_refused_400()
    {
        var published = await suite.PublishedUuidAsync(BadInputChecks.Failing);
        byte[] body = [.. "{\"OK\":false,\"Errors\":[\""u8, 0xC3, 0x28, 0xFF, .. "\"]}"u8];
        var (status, text) = await Intake.PostAsync(suite.Url, published, new ByteArrayContent(body));
        Assert.True(status == 400 && text.Contains("not valid JSON", StringComparison.Ordinal), $"{status} {text}");
        await suite.AssertChecksUnaffectedAsync();
    }

    [Fact]
    public async Task Bodies_over_64_KiB_are_refused_413_and_the_limit_itself_is_read()
    {
        var published = await suite.PublishedUuidAsync(BadInputChecks.Failing);
        var before = await Intake.OutcomesAsync(suite.Url);

        // Exactly the limit is read and judged (a report of an old run: 400); one byte more is not.
        var atLimit = Padded(BadInputSuite.MaxReportBytes);
        var read = await Intake.PostAsync(suite.Url, published, new ByteArrayContent(atLimit));
        Assert.True(read.Status == 400 && !read.Text.Contains("larger", StringComparison.Ordinal), $"{read.Status} {read.Text}");
        var over = await Intake.PostAsync(suite.Url, published, new ByteArrayContent(Padded(BadInputSuite.MaxReportBytes + 1)));
        Assert.Equal(413, over.Status);

        // 100 KiB and 10 MiB, with a length (refused before reading) and chunked (refused at the limit).
        var hundredKiB = await Intake.PostAsync(suite.Url, published, new ByteArrayContent(Padded(100 * 1024)));
        var tenMiB = await Intake.PostAsync(suite.Url, published, new ByteArrayContent(Padded(10 * 1024 * 1024)));
        var chunked = await Intake.PostAsync(suite.Url, published, new ByteArrayContent(Padded(10 * 1024 * 1024)), chunked: true);
        var raw = await Intake.RawAsync(suite.Port, Intake.RawPost("/check", [$"{Intake.RunUuidHeader}: {published}"], Padded(10 * 1024 * 1024)));
        var after = await Intake.OutcomesAsync(suite.Url);

        foreach (var (status, text) in new[] { hundredKiB, tenMiB, chunked, raw })
        {
            Assert.True(status == 413 && text.Contains($"larger than {BadInputSuite.MaxReportBytes} bytes", StringComparison.Ordinal), $"{status} {text[..Math.Min(300, text.Length)]}");
        }

        Assert.Equal(5, after["too_large"] - before["too_large"]);
        await suite.AssertChecksUnaffectedAsync();
    }

    [Fact]
    public async Task A_body_that_never_arrives_is_cut_off_408_and_counted()
    {
        var published = await suite.PublishedUuidAsync(BadInputChecks.Failing);
        var before = await Intake.OutcomesAsync(suite.Url);

        // The head promises 1,000 bytes; 100 come and the connection stays open.
        var request = Intake.RawPost("/check", [$"{Intake.RunUuidHeader}: {published}"], Padded(1000));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (status, text) = await Intake.RawAsync(suite.Port, request[..^900]);

        Assert.True(status == 408 && text.Contains("did not arrive within 7s", StringComparison.Ordinal), $"{status} {text}");
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(6.5), TimeSpan.FromSeconds(19));
        Assert.Equal(1, (await Intake.OutcomesAsync(suite.Url))["slow_body"] - before.GetValueOrDefault("slow_body"));
        await suite.AssertChecksUnaffectedAsync();
    }

    /// <summary>A report of OK padded with spaces inside the JSON to exactly <paramref name="bytes"/> bytes.</summary>
    private static byte[] Padded(int bytes)
    {
        const string head = """{"OK":true,"Errors":[]""";
        return Encoding.UTF8.GetBytes(head + new string(' ', bytes - head.Length - 1) + "}");
    }

    private static double Total(Dictionary<string, double> outcomes) => outcomes.Values.Sum();
}

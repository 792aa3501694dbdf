namespace HealthChecks.BadInput.Tests;

/// <summary>
/// Reports forged by someone who can reach the intake but holds no run's credential (the UUID of
/// a run in flight, which only its checker pod is given): with the UUID the status page shows, with
/// an old one, or with a guessed one. None is stored; the checks keep showing their own results.
/// </summary>
[Collection(BadInputGroup.Name)]
public sealed class ForgedReportTests(BadInputSuite suite)
{
    private const string ForgedOk = """{"OK":true,"Errors":[]}""";
    private const string ForgedFailure = """{"OK":false,"Errors":["forged: the cluster is on fire, page everyone"]}""";

    [Fact]
    public Task A_forged_OK_with_the_published_or_an_old_uuid_does_not_hide_the_failing_check() =>
        ForgeAcrossRunsAsync(BadInputChecks.Failing, ForgedOk);

    [Fact]
    public Task A_forged_failure_with_the_published_or_an_old_uuid_does_not_page_for_the_passing_check() =>
        ForgeAcrossRunsAsync(BadInputChecks.Passing, ForgedFailure);

    [Fact]
    public async Task Guessed_uuids_are_unknown_and_answered_503_after_a_short_wait()
    {
        var published = await suite.PublishedUuidAsync(BadInputChecks.Failing);
        string[] guesses =
        [
            Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.Empty.ToString(),
            published.ToUpperInvariant(), // another spelling of a real run is not that run
            "{" + published + "}",
            Guid.Parse(published).ToString("N"),
        ];
        var before = await Intake.OutcomesAsync(suite.Url);
        var started = DateTimeOffset.UtcNow;
        var answers = await Task.WhenAll(guesses.Select(g => Intake.PostAsync(suite.Url, g, ForgedOk)));
        var took = DateTimeOffset.UtcNow - started;
        var after = await Intake.OutcomesAsync(suite.Url);

        Assert.All(answers, a => Assert.True(a.Status == 503 && a.Text.Contains("is not known (yet)", StringComparison.Ordinal), $"{a.Status} {a.Text}"));
        Assert.Equal(guesses.Length, after["unknown_run"] - before["unknown_run"]);
        Assert.InRange(took, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(8)); // the 2 s wait for a run not in the cache yet, not more
        await suite.AssertChecksUnaffectedAsync();
    }

    /// <summary>
    /// Forges a report for <paramref name="check"/> with the UUID its status page shows, on both
    /// report paths, then again with that UUID once a newer run has begun: 400 each time, counted
    /// as a duplicate (the run has its result) or superseded.
    /// </summary>
    private async Task ForgeAcrossRunsAsync(string check, string body)
    {
        var published = await suite.PublishedUuidAsync(check);
        var before = await Intake.OutcomesAsync(suite.Url);
        var answers = new List<(int Status, string Text)>
        {
            await Intake.PostAsync(suite.Url, published, body),
            await Intake.PostAsync(suite.Url, published, body, path: "/externalCheckStatus"),
            await Intake.PostAsync(suite.Url, " " + published + " ", body),
        };

        // Once a newer run has its result, the published UUID of before is an old run's.
        await suite.ResultAfterAsync(check, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60));
        var stale = await Intake.PostAsync(suite.Url, published, body);
        answers.Add(stale);
        var after = await Intake.OutcomesAsync(suite.Url);

        Assert.All(answers, a => Assert.True(a.Status == 400 && (a.Text.Contains("superseded", StringComparison.Ordinal) || a.Text.Contains("already reported", StringComparison.Ordinal)), $"{a.Status} {a.Text}"));
        Assert.Contains("superseded", stale.Text, StringComparison.Ordinal);
        Assert.Equal(answers.Count, after["superseded"] + after["duplicate"] - before["superseded"] - before["duplicate"]);
        await suite.AssertChecksUnaffectedAsync();
    }
}

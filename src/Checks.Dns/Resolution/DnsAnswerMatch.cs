using DnsClient;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>
/// DnsClient takes any datagram that carries the query's ID. A stub resolver also wants it to be
/// a response (QR) to the question it asked; our own client checked both, so the check still does.
/// </summary>
internal static class DnsAnswerMatch
{
    /// <returns>Why the answer is not for <paramref name="asked"/>, or null when it is.</returns>
    public static string? Problem(DnsQuestion asked, DnsResponseHeader header, IReadOnlyList<DnsQuestion> echoed)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(echoed);
        if (!header.HasQuery)
        {
            return "the answer is not marked as a response (QR=0)";
        }

        // Some servers leave the question out of an error answer; the ID still ties it to ours.
        if (echoed.Count == 0)
        {
            return null;
        }

        var question = echoed[0];
        var same = string.Equals(question.QueryName.Value, asked.QueryName.Value, StringComparison.OrdinalIgnoreCase)
            && question.QuestionType == asked.QuestionType
            && question.QuestionClass == asked.QuestionClass;
        return same ? null : $"the answer is for another question ({question.QueryName} {question.QuestionType})";
    }
}

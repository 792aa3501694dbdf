using System.Text;

namespace HealthChecks.TestKit;

/// <summary>
/// The last characters a child process wrote, line by line, so a failing test can show them
/// without keeping a long-running process's whole output. Lines arrive from two reader threads.
/// </summary>
public sealed class OutputTail(int keptChars = 200_000)
{
    private readonly StringBuilder _text = new();

    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            _text.AppendLine(line);
            if (_text.Length > keptChars)
            {
                _text.Remove(0, _text.Length - keptChars);
            }
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}

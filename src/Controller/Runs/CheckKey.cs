namespace HealthChecks.Controller.Runs;

/// <summary>A check or job and its khstate: same namespace, same name. Prints as <c>namespace/name</c>.</summary>
public readonly record struct CheckKey(string Namespace, string Name)
{
    public override string ToString() => Namespace + "/" + Name;
}

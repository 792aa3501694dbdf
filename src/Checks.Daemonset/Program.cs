// Placeholder so the solution builds; the program itself comes with its own issue.
Console.Error.WriteLine("HealthChecks.Checks.Daemonset is not implemented yet.");
return 1;

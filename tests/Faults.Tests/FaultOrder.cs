using Xunit.Abstractions;
using Xunit.Sdk;

namespace HealthChecks.Faults.Tests;

/// <summary>Runs the faults in the order of their names (F1_, F2_, ...), the order docs/reliability.md lists them in.</summary>
public sealed class FaultOrder : ITestCaseOrderer
{
    public const string TypeName = "HealthChecks.Faults.Tests.FaultOrder";

    public const string AssemblyName = "HealthChecks.Faults.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}

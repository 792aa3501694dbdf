using HealthChecks.Controller.Crds;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Tests.Crds;

/// <summary>
/// The verdict on served CRDs, from the CRD objects alone: ours keep every field, Kuberhealthy
/// v2.7.1's (the files under tests/reference, identical to that tag's chart) prune them, and the
/// edge cases: open schemas, legacy CRDs, a missing or unserved version, a field of another type.
/// </summary>
public sealed class CrdSchemaCheckTests
{
    private static V1CustomResourceDefinition Ours(string plural) =>
        Load(Path.Combine(RepositoryPaths.Root, "crds", $"comcast.github.io_{plural}.yaml"));

    private static V1CustomResourceDefinition Upstream(string plural) =>
        Load(RepositoryPaths.Reference($"v2-master/deploy__helm__kuberhealthy__crds__comcast.github.io_{plural}.yaml"));

    private static V1CustomResourceDefinition Load(string path) => KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(path));

    private static V1JSONSchemaProps SpecSchema(V1CustomResourceDefinition crd) => crd.Spec.Versions.Single(v => v.Name == "v1").Schema.OpenAPIV3Schema.Properties["spec"];

    [Fact]
    public void Find_OurCrds_Fit()
    {
        Assert.Null(CrdSchemaCheck.Find(Ours("khstates"), Ours("khchecks")));
    }

    [Fact]
    public void Find_ChartCopies_Fit()
    {
        var chart = Path.Combine(RepositoryPaths.Root, "charts", "healthchecks", "crds");
        Assert.Null(CrdSchemaCheck.Find(Load(Path.Combine(chart, "comcast.github.io_khstates.yaml")), Load(Path.Combine(chart, "comcast.github.io_khchecks.yaml"))));
    }

    [Fact]
    public void Find_UpstreamKhstates_EveryAddedFieldMissing_MessageSaysWhatAndHowToFix()
    {
        var problem = CrdSchemaCheck.Find(Upstream("khstates"), Ours("khchecks"));

        var gap = Assert.Single(problem!.Gaps);
        Assert.Equal(("khstates", CrdGapKind.MissingFields), (gap.Plural, gap.Kind));
        Assert.Equal(["ResultUUID", "RunStarted", "RunDeadline", "RunPod", "RunRequest", "Reason", "ConsecutiveFailures", "LastSuccess"], gap.Fields);
        Assert.Equal(
            "HealthChecks refuses to run checks: the khstates CRD served by the API server lacks HealthChecks' fields " +
            "(ResultUUID, RunStarted, RunDeadline, RunPod, RunRequest, Reason, ConsecutiveFailures, LastSuccess): it is Kuberhealthy's own CRD " +
            "(or an older HealthChecks one), and the API server drops these fields from every object, so no result would be kept. " +
            "Upgrade the CRDs: kubectl apply --server-side --force-conflicts -f charts/healthchecks/crds/ (the chart's crds/ folder; " +
            "the repository's crds/ is the same). Checks resume by themselves once the CRDs are upgraded; no restart is needed.",
            problem.Message);
    }

    [Fact]
    public void Find_UpstreamBoth_BothNamed()
    {
        var problem = CrdSchemaCheck.Find(Upstream("khstates"), Upstream("khchecks"));

        Assert.Equal(["khstates", "khchecks"], problem!.Gaps.Select(g => g.Plural));
        Assert.Equal(["failureThreshold", "paused"], problem.Gaps[1].Fields);
        Assert.Contains("; the khchecks CRD served by the API server lacks HealthChecks' fields (failureThreshold, paused)", problem.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_UpstreamKhchecksOnly_Refused()
    {
        // A paused: true or failureThreshold set on such a khcheck would be dropped without a word.
        var problem = CrdSchemaCheck.Find(Ours("khstates"), Upstream("khchecks"));

        Assert.Equal("khchecks", Assert.Single(problem!.Gaps).Plural);
    }

    [Fact]
    public void Inspect_SpecPreservesUnknownFields_NothingPruned()
    {
        var crd = Upstream("khstates");
        SpecSchema(crd).XKubernetesPreserveUnknownFields = true;

        Assert.Null(CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields));
    }

    [Fact]
    public void Inspect_OnlyTheRootPreservesUnknownFields_SpecStillPrunes()
    {
        // The extension applies to the object it is on; spec declares its own properties.
        var crd = Upstream("khstates");
        crd.Spec.Versions[0].Schema.OpenAPIV3Schema.XKubernetesPreserveUnknownFields = true;

        Assert.Equal(CrdGapKind.MissingFields, CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields)?.Kind);
    }

    [Fact]
    public void Inspect_SpecWithoutProperties_PreservingUnknownFields_NothingPruned()
    {
        var crd = Upstream("khstates");
        crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"] = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };

        Assert.Null(CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields));
    }

    [Fact]
    public void Inspect_LegacyPreserveUnknownFields_NothingPruned()
    {
        // A CRD made through apiextensions v1beta1 without preserveUnknownFields: false.
        var crd = Upstream("khstates");
        crd.Spec.PreserveUnknownFields = true;

        Assert.Null(CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields));
    }

    [Fact]
    public void Inspect_NoSchema_NothingPruned()
    {
        var crd = Upstream("khstates");
        crd.Spec.Versions[0].Schema = null;

        Assert.Null(CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields));
    }

    [Fact]
    public void Inspect_SomeFieldsDeclared_OnlyTheOthersNamed()
    {
        var crd = Upstream("khstates");
        SpecSchema(crd).Properties["ResultUUID"] = new V1JSONSchemaProps { Type = "string" };
        SpecSchema(crd).Properties["Reason"] = new V1JSONSchemaProps { Type = "string" };

        Assert.Equal(["RunStarted", "RunDeadline", "RunPod", "RunRequest", "ConsecutiveFailures", "LastSuccess"], CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields)!.Fields);
    }

    [Fact]
    public void Inspect_FieldOfAnotherType_WrongType()
    {
        var crd = Ours("khstates");
        SpecSchema(crd).Properties["ResultUUID"] = new V1JSONSchemaProps { Type = "integer" };

        var gap = CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields);

        Assert.Equal((CrdGapKind.WrongType, "the khstates CRD declares ResultUUID as integer, not string"), (gap!.Kind, gap.Describe()));
    }

    [Fact]
    public void Inspect_NoV1_VersionNotServed()
    {
        var crd = Ours("khstates");
        crd.Spec.Versions[0].Name = "v2";

        var gap = CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields);

        Assert.Equal((CrdGapKind.VersionNotServed, "the khstates CRD does not serve version v1"), (gap!.Kind, gap.Describe()));
    }

    [Fact]
    public void Inspect_V1NotServed_VersionNotServed()
    {
        var crd = Ours("khstates");
        crd.Spec.Versions[0].Served = false;

        Assert.Equal(CrdGapKind.VersionNotServed, CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields)?.Kind);
    }

    [Fact]
    public void Inspect_V1AmongOtherVersions_ItsSchemaCounts()
    {
        var crd = Ours("khstates");
        var other = Upstream("khstates").Spec.Versions[0];
        other.Name = "v2";
        other.Storage = false;
        crd.Spec.Versions.Insert(0, other);

        Assert.Null(CrdSchemaCheck.Inspect(crd, "khstates", CrdSchemaCheck.StateFields));
    }

    [Fact]
    public void Find_Missing_NotInstalled()
    {
        var problem = CrdSchemaCheck.Find(null, Ours("khchecks"));

        Assert.Equal(CrdGapKind.NotInstalled, Assert.Single(problem!.Gaps).Kind);
        Assert.StartsWith("HealthChecks refuses to run checks: the khstates CRD is not installed. Upgrade the CRDs: kubectl apply", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_AreTheOnesOurCrdsAddToUpstreams()
    {
        // Every field our CRDs declare beyond upstream's, and no other, is checked.
        static IEnumerable<string> Added(string plural) =>
            SpecSchema(Ours(plural)).Properties.Keys.Except(SpecSchema(Upstream(plural)).Properties.Keys).Order(StringComparer.Ordinal);

        Assert.Equal(Added("khstates"), CrdSchemaCheck.StateFields.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Added("khchecks"), CrdSchemaCheck.CheckFields.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(CrdSchemaCheck.StateFields, f => Assert.Equal(f.Type, SpecSchema(Ours("khstates")).Properties[f.Name].Type));
        Assert.All(CrdSchemaCheck.CheckFields, f => Assert.Equal(f.Type, SpecSchema(Ours("khchecks")).Properties[f.Name].Type));
    }
}

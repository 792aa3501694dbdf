using System.Text.Json.Nodes;

namespace HealthChecks.Chart.Tests;

/// <summary>
/// Least privilege: every rule the chart grants, compared with exactly what the code calls
/// (src/Controller for the controller, src/Checks.* for the checks). A new API call in the code
/// needs a new line here and in the chart; ChartOnClusterTests proves the set is also enough.
/// </summary>
public sealed class RbacTests
{
    private static readonly string[] Escalating = ["*", "escalate", "bind", "impersonate"];

    [Fact]
    public async Task Controller_ClusterRole_GrantsExactlyWhatTheControllerCalls()
    {
        var chart = await Helm.TemplateAsync();
        Assert.Equal(
            new SortedDictionary<string, string>
            {
                ["comcast.github.io/khchecks"] = "get list patch watch",
                ["comcast.github.io/khjobs"] = "delete get list patch watch",
                ["comcast.github.io/khstates"] = "create delete get list update watch",
                ["core/events"] = "create patch",
                ["core/pods"] = "create delete get list watch",
            },
            Grants(chart.Single("ClusterRole", Helm.Release)));
        AssertBound(chart, "ClusterRoleBinding", "ClusterRole", Helm.Release, Helm.Release);
    }

    [Theory]
    [InlineData]
    [InlineData("--set", "deployment.env.TARGET_NAMESPACE=apps")]
    public async Task Controller_RunNowAuthorization_BoundToKubernetesAuthDelegator(params string[] values)
    {
        // POST /api/run checks the caller with a TokenReview and a SubjectAccessReview: cluster-scoped
        // even when the controller is limited to one namespace.
        var chart = await Helm.TemplateAsync(values);
        var binding = chart.Single("ClusterRoleBinding", Helm.Release + "-auth-delegator");
        Assert.Equal(("ClusterRole", "system:auth-delegator"), ((string?)binding["roleRef"]?["kind"], (string?)binding["roleRef"]?["name"]));
        Assert.Equal(Helm.Release, (string?)binding["subjects"]?[0]?["name"]);
    }

    [Theory]
    [InlineData]
    [InlineData("--set", "deployment.env.TARGET_NAMESPACE=apps")]
    public async Task Controller_CrdSchemaCheck_ReadsItsTwoCrdsByNameOnly(params string[] values)
    {
        // Cluster-scoped objects: a ClusterRole even when the controller is limited to one namespace.
        var chart = await Helm.TemplateAsync(values);
        var rule = Assert.Single(chart.Single("ClusterRole", Helm.Release + "-crds")["rules"]!.AsArray())!;
        Assert.Equal(["apiextensions.k8s.io"], Json.Strings(rule["apiGroups"]));
        Assert.Equal(["customresourcedefinitions"], Json.Strings(rule["resources"]));
        Assert.Equal(["khstates.comcast.github.io", "khchecks.comcast.github.io"], Json.Strings(rule["resourceNames"]));
        Assert.Equal(["get", "list", "watch"], Json.Strings(rule["verbs"]));
        AssertBound(chart, "ClusterRoleBinding", "ClusterRole", Helm.Release + "-crds", Helm.Release);
    }

    [Theory]
    [InlineData("apps", true)]
    [InlineData(Helm.Namespace, false)]
    public async Task Controller_TargetNamespace_OwnPodEventsGrantedInItsNamespace_WhenElsewhere(string target, bool ownRole)
    {
        var chart = await Helm.TemplateAsync("--set", "deployment.env.TARGET_NAMESPACE=" + target);
        var role = chart.Find("Role", Helm.Release + "-own-events");
        Assert.Equal(ownRole, role is not null);
        var granted = ownRole ? role! : chart.Single("Role", Helm.Release);
        Assert.Equal(Helm.Namespace, (string?)granted["metadata"]?["namespace"]);
        Assert.Contains("create", Grants(granted)["core/events"], StringComparison.Ordinal);
        if (ownRole)
        {
            AssertBound(chart, "RoleBinding", "Role", Helm.Release + "-own-events", Helm.Release);
        }
    }

    [Fact]
    public async Task Controller_LeaderElection_OnlyItsLeaseInItsNamespace()
    {
        var chart = await Helm.TemplateAsync("--set", "controller.leaseName=my-lease");
        var role = chart.Single("Role", Helm.Release + "-leader-election");
        Assert.Equal(Helm.Namespace, (string?)role["metadata"]?["namespace"]);
        var rules = role["rules"]!.AsArray();
        Assert.Equal(2, rules.Count);
        Assert.Equal(["create"], Json.Strings(rules[0]!["verbs"]));
        Assert.Null(rules[0]!["resourceNames"]);
        Assert.Equal(["get", "update"], Json.Strings(rules[1]!["verbs"]));
        Assert.Equal(["my-lease"], Json.Strings(rules[1]!["resourceNames"]));
        Assert.All(rules, r => Assert.Equal(["leases"], Json.Strings(r!["resources"])));
        AssertBound(chart, "RoleBinding", "Role", Helm.Release + "-leader-election", Helm.Release);
    }

    [Fact]
    public async Task Controller_TargetNamespace_GetsARoleThereAndNoClusterRole()
    {
        var chart = await Helm.TemplateAsync("--set", "deployment.env.TARGET_NAMESPACE=apps");
        Assert.Null(chart.Find("ClusterRole", Helm.Release));
        var role = chart.Single("Role", Helm.Release);
        Assert.Equal("apps", (string?)role["metadata"]?["namespace"]);
        Assert.Equal("get list patch watch", Grants(role)["comcast.github.io/khchecks"]);
        var binding = chart.Single("RoleBinding", Helm.Release);
        Assert.Equal("apps", (string?)binding["metadata"]?["namespace"]);
        Assert.Equal(Helm.Namespace, (string?)binding["subjects"]?[0]?["namespace"]);
    }

    [Fact]
    public async Task Checks_EachServiceAccount_GetsExactlyWhatItsCheckCalls()
    {
        var chart = await Helm.TemplateAsync("--set", "check.dnsExternal.enabled=true");
        var expected = new Dictionary<string, (SortedDictionary<string, string> Namespaced, SortedDictionary<string, string> Cluster)>
        {
            ["daemonset-khcheck"] = (
                new() { ["apps/daemonsets"] = "create delete get list", ["core/pods"] = "deletecollection list" },
                new() { ["core/nodes"] = "list" }),
            ["deployment-sa"] = (
                new() { ["apps/deployments"] = "create delete get update", ["core/services"] = "create delete get", ["core/pods"] = "list" },
                []),
            ["dns-internal-sa"] = ([], new() { ["core/nodes"] = "get" }),
            ["dns-external-sa"] = ([], new() { ["core/nodes"] = "get" }),
        };
        foreach (var (account, (namespaced, cluster)) in expected)
        {
            Assert.NotNull(chart.Find("ServiceAccount", account));
            var roles = RolesOf(chart, account);
            Assert.Equal(namespaced, Merge(roles.Where(r => (string?)r["kind"] == "Role")));
            Assert.Equal(cluster, Merge(roles.Where(r => (string?)r["kind"] == "ClusterRole")));
        }

        var used = chart.OfKind("KuberhealthyCheck").Select(c => (string?)c["spec"]?["podSpec"]?["serviceAccountName"]).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), used);
    }

    [Theory]
    [InlineData("default-values.yaml")]
    [InlineData("all-checks-values.yaml")]
    [InlineData("single-namespace-values.yaml")]
    public async Task EveryRole_HasNoWildcardNoEscalationAndNoSecrets(string valuesFile)
    {
        var chart = await Helm.TemplateAsync("-f", Path.Combine(ChartTools.CiValuesDirectory, valuesFile));
        var roles = chart.OfKind("Role").Concat(chart.OfKind("ClusterRole")).ToList();
        Assert.NotEmpty(roles);
        foreach (var rule in roles.SelectMany(r => r["rules"]!.AsArray()))
        {
            Assert.DoesNotContain(Json.Strings(rule!["verbs"]), verb => Escalating.Contains(verb));
            Assert.DoesNotContain("*", Json.Strings(rule["resources"]));
            Assert.DoesNotContain("*", Json.Strings(rule["apiGroups"]));
            Assert.DoesNotContain("secrets", Json.Strings(rule["resources"]));
            Assert.Null(rule["nonResourceURLs"]);
        }

        // Every binding binds a role the chart renders (or Kubernetes' own system:auth-delegator) to a ServiceAccount the chart renders.
        foreach (var binding in chart.OfKind("RoleBinding").Concat(chart.OfKind("ClusterRoleBinding")))
        {
            var roleRef = binding["roleRef"]!;
            if ((string?)roleRef["name"] != "system:auth-delegator")
            {
                Assert.NotNull(chart.Find((string)roleRef["kind"]!, (string)roleRef["name"]!));
            }

            Assert.All(binding["subjects"]!.AsArray(), s => Assert.NotNull(chart.Find("ServiceAccount", (string)s!["name"]!)));
        }
    }

    [Fact]
    public async Task RbacAndServiceAccount_Off_RenderNoControllerRbac()
    {
        var chart = await Helm.TemplateAsync("--set", "rbac.create=false", "--set", "serviceAccount.create=false", "--set", "serviceAccount.name=existing");
        Assert.Null(chart.Find("ClusterRole", Helm.Release));
        Assert.Null(chart.Find("Role", Helm.Release + "-leader-election"));
        Assert.Null(chart.Find("ServiceAccount", Helm.Release));
        Assert.Equal("existing", (string?)chart.Single("Deployment")["spec"]!["template"]!["spec"]!["serviceAccountName"]);
    }

    /// <summary>"group/resource" → the sorted verbs, over every rule of a role ("core" for the "" group).</summary>
    private static SortedDictionary<string, string> Grants(JsonObject role) => Merge([role]);

    private static SortedDictionary<string, string> Merge(IEnumerable<JsonObject> roles)
    {
        var grants = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var rule in roles.SelectMany(r => r["rules"]!.AsArray()))
        {
            Assert.Null(rule!["resourceNames"]);
            foreach (var group in Json.Strings(rule["apiGroups"]))
            {
                foreach (var resource in Json.Strings(rule["resources"]))
                {
                    var key = (group.Length == 0 ? "core" : group) + "/" + resource;
                    if (!grants.TryGetValue(key, out var verbs))
                    {
                        grants[key] = verbs = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    verbs.UnionWith(Json.Strings(rule["verbs"]));
                }
            }
        }

        return new SortedDictionary<string, string>(grants.ToDictionary(g => g.Key, g => string.Join(' ', g.Value)), StringComparer.Ordinal);
    }

    /// <summary>The Roles and ClusterRoles bound to a ServiceAccount.</summary>
    private static List<JsonObject> RolesOf(RenderedChart chart, string account) =>
        chart.OfKind("RoleBinding").Concat(chart.OfKind("ClusterRoleBinding"))
            .Where(b => b["subjects"]!.AsArray().Any(s => (string?)s!["name"] == account))
            .Select(b => chart.Find((string)b["roleRef"]!["kind"]!, (string)b["roleRef"]!["name"]!)!)
            .ToList();

    private static void AssertBound(RenderedChart chart, string bindingKind, string roleKind, string roleName, string account)
    {
        var binding = chart.OfKind(bindingKind).Single(b => (string?)b["roleRef"]?["name"] == roleName);
        Assert.Equal(roleKind, (string?)binding["roleRef"]?["kind"]);
        var subject = binding["subjects"]!.AsArray().Single();
        Assert.Equal("ServiceAccount", (string?)subject!["kind"]);
        Assert.Equal(account, (string?)subject["name"]);
        Assert.Equal(Helm.Namespace, (string?)subject["namespace"]);
    }
}

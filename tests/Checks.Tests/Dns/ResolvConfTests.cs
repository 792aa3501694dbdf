using HealthChecks.Checks.Dns.Resolution;

namespace HealthChecks.Checks.Tests.Dns;

public sealed class ResolvConfTests
{
    private const string PodResolvConf = """
        nameserver 127.96.0.10
        search kuberhealthy.svc.cluster.local svc.cluster.local cluster.local
        options ndots:5 # as the kubelet writes it
        """;

    [Fact]
    public void Parse_PodResolvConf_ReadsSearchAndNdots()
    {
        var conf = ResolvConf.Parse(PodResolvConf);
        Assert.Equal(["kuberhealthy.svc.cluster.local", "svc.cluster.local", "cluster.local"], conf.Search);
        Assert.Equal(5, conf.Ndots);
    }

    [Fact]
    public void CandidatesFor_FewDots_SearchFirstThenAsIs() =>
        Assert.Equal(
            ["kubernetes.default.kuberhealthy.svc.cluster.local", "kubernetes.default.svc.cluster.local", "kubernetes.default.cluster.local", "kubernetes.default"],
            ResolvConf.Parse(PodResolvConf).CandidatesFor("kubernetes.default"));

    [Fact]
    public void CandidatesFor_EnoughDots_AsIsFirst() =>
        Assert.Equal("a.b.c.d.e.f", ResolvConf.Parse(PodResolvConf).CandidatesFor("a.b.c.d.e.f")[0]);

    [Fact]
    public void CandidatesFor_TrailingDot_OnlyTheName() =>
        Assert.Equal(["google.com"], ResolvConf.Parse(PodResolvConf).CandidatesFor("google.com."));

    [Fact]
    public void Parse_Nothing_IsNdotsOneNoSearch()
    {
        var conf = ResolvConf.Parse("nameserver 1.1.1.1\n");
        Assert.Empty(conf.Search);
        Assert.Equal(1, conf.Ndots);
        Assert.Equal(["x"], conf.CandidatesFor("x"));
    }
}

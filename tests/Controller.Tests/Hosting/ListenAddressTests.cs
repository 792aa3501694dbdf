using HealthChecks.Controller.Hosting;

namespace HealthChecks.Controller.Tests.Hosting;

public class ListenAddressTests
{
    [Theory]
    [InlineData(":8080", "http://0.0.0.0:8080")]
    [InlineData("127.0.0.1:0", "http://127.0.0.1:0")]
    [InlineData("localhost:9000", "http://localhost:9000")]
    [InlineData("[::1]:8080", "http://[::1]:8080")]
    [InlineData("http://0.0.0.0:8080", "http://0.0.0.0:8080")]
    [InlineData("https://example:8443", "https://example:8443")]
    public void ToUrl_Address_KestrelUrl(string address, string expected)
    {
        Assert.Equal(expected, ListenAddress.ToUrl(address));
    }
}

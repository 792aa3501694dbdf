using System.Globalization;
using System.Text.Json.Serialization;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube.Models;

/// <summary>A field that holds either a number or a string (ports, maxUnavailable): kept as written.</summary>
[JsonConverter(typeof(IntOrStringConverter))]
public readonly record struct IntOrString
{
    public IntOrString(int value) => (IntValue, StringValue) = (value, null);

    public IntOrString(string value) => (IntValue, StringValue) = (null, value);

    public int? IntValue { get; }

    public string? StringValue { get; }

    public static implicit operator IntOrString(int value) => new(value);

    public static implicit operator IntOrString(string value) => new(value);

    public static IntOrString FromInt32(int value) => new(value);

    public static IntOrString FromString(string value) => new(value);

    public override string ToString() => StringValue ?? IntValue?.ToString(CultureInfo.InvariantCulture) ?? "";
}

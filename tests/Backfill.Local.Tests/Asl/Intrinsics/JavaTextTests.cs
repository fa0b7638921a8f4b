using Backfill.Local.Asl.Json;

namespace Backfill.Local.Tests.Asl.Intrinsics;

public sealed class JavaTextTests
{
    /// <summary>Expected values printed by a JVM's Double.toString.</summary>
    [Theory]
    [InlineData(1e20, "1.0E20")]
    [InlineData(0.001, "0.001")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(12345678.0, "1.2345678E7")]
    [InlineData(1e-4, "1.0E-4")]
    [InlineData(1.1, "1.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(100.0, "100.0")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    public void Doubles_print_like_Java(double value, string expected) => Assert.Equal(expected, JavaText.FormatDouble(value));

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-0", "0")]
    [InlineData("1.0", "1.0")]
    [InlineData("1e2", "100.0")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void Json_numbers_print_as_Jackson_reads_them(string json, string expected) => Assert.Equal(expected, JavaText.FormatNumber(json));

    [Fact]
    public void Objects_and_arrays_print_like_Java_collections() =>
        Assert.Equal("{a=1, b=[x, null, true], c={}}", JavaText.ToJavaString(JsonValues.Parse("""{"a":1,"b":["x",null,true],"c":{}}""")));
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backfill.Core.Ingest;
using Backfill.Tests.Shared;

namespace Backfill.Core.Tests.Ingest;

/// <summary>
/// Runs every case of ../shared/conformance/ingest (OpenSearch/Elasticsearch ingest tests, converted): the
/// pipeline over the input document, compared with the expected document, fields, absent fields or error.
/// </summary>
public sealed class IngestConformanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var folder = RepoPaths.Conformance("ingest");
        if (folder is null)
        {
            data.Add("(conformance folder absent)");
            return data;
        }
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [ConformanceTheory("ingest")]
    [MemberData(nameof(Cases))]
    public void Case(string name)
    {
        var path = Path.Combine(RepoPaths.Conformance("ingest")!, name);
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = json.RootElement;
        var pipelineJson = Encoding.UTF8.GetBytes(root.GetProperty("pipeline").GetRawText());
        var hasError = root.TryGetProperty("expected_error", out var expectedError);

        if (hasError && expectedError.TryGetProperty("when", out var when) && when.GetString() == "pipeline creation")
        {
            var refused = Assert.Throws<IngestConfigurationException>(() => IngestPipeline.Parse(name, pipelineJson));
            CheckReason(expectedError, refused.Reason, null, contains: true);
            return;
        }

        var pipeline = IngestPipeline.Parse(name, pipelineJson);
        var source = (Dictionary<string, object?>)IngestDocumentJson.ToValue(root.GetProperty("input_doc"))!;
        var document = new IngestDocument("_index", "_id", source);
        var result = pipeline.Execute(document);

        if (hasError)
        {
            Assert.True(result.Status == IngestStatus.Failed, $"expected a failure, got {result.Status}: {Describe(document)}");
            if (expectedError.TryGetProperty("type", out var type)) Assert.Equal(type.GetString(), result.ErrorType);
            CheckReason(expectedError, result.Reason!, result.CausedByReason, contains: false);
            return;
        }

        Assert.True(result.Status == IngestStatus.Indexed, $"expected the document indexed, got {result.Status} {result.ErrorType}: {result.Reason}");
        if (root.TryGetProperty("expected_doc", out var expectedDoc))
            AssertJsonEqual(expectedDoc, document.Source, "_source");
        if (root.TryGetProperty("expected_fields", out var fields))
        {
            foreach (var field in fields.EnumerateObject())
            {
                if (field.Name == "_index")
                {
                    var expectedIndex = DateMathIndexName.Resolve(field.Value.GetString()!, DateTimeOffset.UtcNow);
                    Assert.Equal(expectedIndex, document.Index);
                    continue;
                }
                Assert.True(TryGetField(document, field.Name, out var actual), $"field [{field.Name}] is missing: {Describe(document)}");
                AssertJsonEqual(field.Value, actual, field.Name);
            }
        }
        if (root.TryGetProperty("expected_fields_regex", out var regexes))
        {
            foreach (var field in regexes.EnumerateObject())
            {
                Assert.True(TryGetField(document, field.Name, out var actual), $"field [{field.Name}] is missing: {Describe(document)}");
                Assert.Matches(field.Value.GetString()!, Assert.IsType<string>(actual));
            }
        }
        if (root.TryGetProperty("expected_absent_fields", out var absent))
            foreach (var field in absent.EnumerateArray())
                Assert.False(TryGetField(document, field.GetString()!, out _), $"field [{field.GetString()}] should be absent: {Describe(document)}");
    }

    private static void CheckReason(JsonElement expected, string reason, string? causedBy, bool contains)
    {
        if (expected.TryGetProperty("reason", out var exact))
        {
            if (contains) Assert.Contains(exact.GetString()!, reason);
            else Assert.Equal(exact.GetString(), reason);
        }
        if (expected.TryGetProperty("reason_regex", out var regex)) Assert.Matches(regex.GetString()!, reason);
        if (expected.TryGetProperty("reason_contains", out var part)) Assert.Contains(part.GetString()!, reason);
        if (expected.TryGetProperty("caused_by", out var cause))
        {
            Assert.NotNull(causedBy);
            Assert.Contains(cause.GetString()!, causedBy);
        }
    }

    internal static bool TryGetField(IngestDocument document, string dottedPath, out object? value)
    {
        value = null;
        if (dottedPath.StartsWith("_ingest.", StringComparison.Ordinal))
        {
            var key = dottedPath["_ingest.".Length..];
            if (document.IngestMetadata is null || !document.IngestMetadata.TryGetValue(key, out value)) return false;
            return true;
        }
        object? context = document.Source;
        foreach (var element in dottedPath.Split('.'))
        {
            if (context is Dictionary<string, object?> map && map.TryGetValue(element, out var next)) context = next;
            else if (context is List<object?> list && int.TryParse(element, out var index) && index < list.Count) context = list[index];
            else return false;
        }
        value = context;
        return true;
    }

    internal static void AssertJsonEqual(JsonElement expected, object? actual, string where)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var map = Assert.IsType<Dictionary<string, object?>>(actual);
                var names = expected.EnumerateObject().Select(p => p.Name).Order().ToArray();
                Assert.True(names.SequenceEqual(map.Keys.Order()), $"{where}: expected keys [{string.Join(", ", names)}], found [{string.Join(", ", map.Keys.Order())}]");
                foreach (var property in expected.EnumerateObject()) AssertJsonEqual(property.Value, map[property.Name], where + "." + property.Name);
                break;
            case JsonValueKind.Array:
                var list = Assert.IsType<List<object?>>(actual);
                var items = expected.EnumerateArray().ToArray();
                Assert.True(items.Length == list.Count, $"{where}: expected {items.Length} items, found {list.Count}");
                for (var i = 0; i < items.Length; i++) AssertJsonEqual(items[i], list[i], $"{where}[{i}]");
                break;
            case JsonValueKind.String:
                Assert.True(actual is string s && s == expected.GetString(), $"{where}: expected \"{expected.GetString()}\", found {Show(actual)}");
                break;
            case JsonValueKind.Number:
                var ok = actual switch
                {
                    int i => expected.TryGetInt64(out var l) && l == i,
                    long l2 => expected.TryGetInt64(out var l3) && l3 == l2,
                    float f => float.Parse(expected.GetRawText(), CultureInfo.InvariantCulture) == f,
                    double d => expected.GetDouble() == d,
                    _ => false,
                };
                Assert.True(ok, $"{where}: expected {expected.GetRawText()}, found {Show(actual)}");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.True(actual is bool b && b == expected.GetBoolean(), $"{where}: expected {expected.GetRawText()}, found {Show(actual)}");
                break;
            default:
                Assert.Null(actual);
                break;
        }
    }

    private static string Show(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";

    internal static string Describe(IngestDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) IngestDocumentJson.WriteSimulatedDocument(writer, document);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

using System.Text;
using System.Text.Json;
using Backfill.Core.Ingest;

namespace Backfill.Core.Tests.Ingest;

/// <summary>Small helpers: build a pipeline from JSON text, run it over a source given as JSON.</summary>
internal static class IngestTestKit
{
    public static IngestPipeline Pipeline(string json) => IngestPipeline.Parse("test", Encoding.UTF8.GetBytes(json));

    /// <summary>A pipeline of one processor: <c>{"type": {config}}</c>.</summary>
    public static IngestPipeline One(string type, string config) => Pipeline($$"""{"processors":[{"{{type}}":{{config}}}]}""");

    public static IngestDocument Document(string sourceJson, string index = "idx", string? id = "1")
        => new(index, id, IngestDocumentJson.ReadSource(Encoding.UTF8.GetBytes(sourceJson)));

    public static (IngestResult Result, IngestDocument Document) Run(IngestPipeline pipeline, string sourceJson)
    {
        var document = Document(sourceJson);
        return (pipeline.Execute(document), document);
    }

    public static string SourceJson(IngestDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) IngestDocumentJson.WriteSource(writer, document.Source);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static IngestConfigurationException Refused(string pipelineJson)
        => Assert.Throws<IngestConfigurationException>(() => Pipeline(pipelineJson));
}

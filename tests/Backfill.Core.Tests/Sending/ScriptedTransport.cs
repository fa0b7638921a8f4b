using System.Text;
using System.Text.Json;
using Backfill.Core.OpenSearch;

namespace Backfill.Core.Tests.Sending;

/// <summary>
/// A transport that answers bulk requests through a script: (call number, ids in the request) → response. Records
/// every request's ids and bodies. The default script accepts everything with 201.
/// </summary>
internal sealed class ScriptedTransport : IOpenSearchTransport
{
    private readonly object _gate = new();
    private int _calls;

    public Func<int, IReadOnlyList<string>, BulkResponse>? Script { get; set; }
    public Action<int>? OnRequest { get; set; }

    public List<IReadOnlyList<string>> Requests { get; } = [];
    public List<string> Bodies { get; } = [];
    public List<BulkRequest> RequestOptions { get; } = [];

    public string Endpoint => "https://search.example:9200";

    public Task<OpenSearchResponse> SendAsync(OpenSearchRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new OpenSearchResponse(200, "{}"u8.ToArray()));

    public Task<BulkResponse> BulkAsync(BulkRequest request, CancellationToken cancellationToken = default)
    {
        var body = Encoding.UTF8.GetString(request.Body.Span);
        var ids = Ids(body);
        Assert.Equal(request.ItemCount, ids.Count);
        int call;
        lock (_gate)
        {
            call = _calls++;
            Requests.Add(ids);
            Bodies.Add(body);
            RequestOptions.Add(request);
        }
        OnRequest?.Invoke(call);
        var response = Script?.Invoke(call, ids) ?? AcceptAll(ids);
        return Task.FromResult(response with { BytesSent = request.Body.Length });
    }

    public static BulkResponse AcceptAll(IReadOnlyList<string> ids) => new(200, ids.Select(_ => new BulkItemResult(201, Result: "created")).ToArray());

    /// <summary>Per id: null = accept, else the status to answer.</summary>
    public static BulkResponse Answer(IReadOnlyList<string> ids, Func<string, int?> status) =>
        new(200, ids.Select(id => status(id) is { } s
            ? new BulkItemResult(s, s == 429 ? "rejected_execution_exception" : s == 409 ? "version_conflict_engine_exception" : "mapper_parsing_exception", $"status {s} for {id}")
            : new BulkItemResult(201, Result: "created")).ToArray());

    public static List<string> Ids(string ndjson)
    {
        var ids = new List<string>();
        var lines = ndjson.Split('\n');
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            using var action = JsonDocument.Parse(lines[i]);
            ids.Add(action.RootElement.GetProperty("index").GetProperty("_id").GetString()!);
        }
        return ids;
    }

    public List<string> AllIds() { lock (_gate) return Requests.SelectMany(r => r).ToList(); }
}

namespace Backfill.Local.OpenSearch.Bulk;

internal enum BulkAction : byte { Index, Create, Delete, Update }

internal static class BulkActions
{
    public static string Name(BulkAction action) => action switch
    {
        BulkAction.Index => "index",
        BulkAction.Create => "create",
        BulkAction.Delete => "delete",
        _ => "update",
    };
}

/// <summary>One parsed action of a bulk body: where its id and source sit in the body, and its metadata.</summary>
internal struct BulkItem
{
    public BulkAction Action;
    public string? Index;
    public ReadOnlyMemory<byte> Id;     // empty when the action names none
    public bool HasId;
    public string? Pipeline;
    public int SourceStart;
    public int SourceLength;
}

/// <summary>URL parameters of a bulk request.</summary>
internal readonly record struct BulkParameters(string? DefaultIndex, string? Pipeline, string? Refresh);

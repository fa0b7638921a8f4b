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

/// <summary>
/// The parsed items of one bulk request in an array kept for reuse (a 10,000-item request would otherwise
/// allocate a large-object-heap array every time). Dispose gives it back, cleared.
/// </summary>
internal sealed class BulkItemList : IDisposable
{
    private BulkItem[] _items;

    public BulkItemList(int capacity) => _items = ArrayStash<BulkItem>.Shared.Rent(capacity);

    public int Count { get; private set; }

    public ref BulkItem this[int index] => ref _items[index];

    public void Add(in BulkItem item)
    {
        if (Count == _items.Length)
        {
            var bigger = ArrayStash<BulkItem>.Shared.Rent(_items.Length * 2);
            _items.AsSpan(0, Count).CopyTo(bigger);
            ArrayStash<BulkItem>.Shared.Return(_items, Count);
            _items = bigger;
        }
        _items[Count++] = item;
    }

    public void Dispose()
    {
        var items = _items;
        _items = [];
        if (items.Length > 0) ArrayStash<BulkItem>.Shared.Return(items, Count);
    }
}

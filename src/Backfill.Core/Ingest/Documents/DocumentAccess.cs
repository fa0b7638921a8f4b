using System.Globalization;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Documents;

/// <summary>
/// Reads, writes and removes fields of an <see cref="IngestDocument"/> by <see cref="FieldPath"/>, with
/// OpenSearch's IngestDocument semantics and error wording ("field [x] not present as part of path [a.x]", …).
/// Failures come back as values; nothing here throws for a document's content.
/// </summary>
internal static class DocumentAccess
{
    // Stand-ins for the two roots, whose first-level keys include virtual metadata entries.
    private static readonly object SourceRoot = new();
    private static readonly object IngestRoot = new();

    /// <summary>The value at <paramref name="path"/>; a failure when any element is missing or unreachable.</summary>
    public static IngestFailure? TryGet(IngestDocument document, FieldPath path, out object? value)
    {
        if (path.SimpleSourceKey is { } key)
        {
            if (document.Source.TryGetValue(key, out value)) return null;
            return IngestFailure.IllegalArgument($"field [{key}] not present as part of path [{path.Path}]");
        }
        object? context = path.IsIngest ? IngestRoot : SourceRoot;
        foreach (var element in path.Elements)
        {
            var failure = Resolve(document, element, path.Path, ref context);
            if (failure is not null)
            {
                value = null;
                return failure;
            }
        }
        value = context;
        return null;
    }

    /// <summary>
    /// As <see cref="TryGet"/>, but with <paramref name="ignoreMissing"/> a path that does not exist yields null
    /// instead of a failure (OpenSearch's getFieldValue(path, clazz, ignoreMissing)).
    /// </summary>
    public static IngestFailure? TryGet(IngestDocument document, FieldPath path, bool ignoreMissing, out object? value)
    {
        var failure = TryGet(document, path, out value);
        if (failure is not null && ignoreMissing && !Has(document, path)) return null;
        return failure;
    }

    /// <summary>A string field: fails, naming the Java type, when the value is something else.</summary>
    public static IngestFailure? TryGetString(IngestDocument document, FieldPath path, bool ignoreMissing, out string? value)
    {
        var failure = TryGet(document, path, ignoreMissing, out var raw);
        value = null;
        if (failure is not null) return failure;
        if (raw is null or string)
        {
            value = (string?)raw;
            return null;
        }
        return CannotCast(path.Path, raw, "java.lang.String");
    }

    public static IngestFailure CannotCast(string path, object value, string javaType)
        => IngestFailure.IllegalArgument($"field [{path}] of type [{JavaText.TypeName(value)}] cannot be cast to [{javaType}]");

    public static bool Has(IngestDocument document, FieldPath path, bool failOutOfRange = false)
        => HasCore(document, path, failOutOfRange, out _);

    /// <summary>OpenSearch's hasField(path, failOutOfRange=true): an out-of-range list index is a failure, not "absent".</summary>
    public static bool Has(IngestDocument document, FieldPath path, out IngestFailure? outOfRange)
        => HasCore(document, path, true, out outOfRange);

    private static bool HasCore(IngestDocument document, FieldPath path, bool failOutOfRange, out IngestFailure? failure)
    {
        failure = null;
        if (path.SimpleSourceKey is { } key) return document.Source.ContainsKey(key);
        object? context = path.IsIngest ? IngestRoot : SourceRoot;
        var elements = path.Elements;
        for (var i = 0; i < elements.Length - 1; i++)
        {
            var element = elements[i];
            if (context is null) return false;
            if (IsMap(context))
            {
                if (!MapTryGet(document, context, element, out context)) context = null;
            }
            else if (context is List<object?> list)
            {
                if (!int.TryParse(element, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)) return false;
                if (index < 0 || index >= list.Count)
                {
                    if (failOutOfRange) failure = OutOfBounds(index, list.Count, path.Path);
                    return false;
                }
                context = list[index];
            }
            else
            {
                return false;
            }
        }
        var leaf = elements[^1];
        if (context is not null && IsMap(context)) return MapContains(document, context, leaf);
        if (context is List<object?> leafList)
        {
            if (!int.TryParse(leaf, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)) return false;
            if (index >= 0 && index < leafList.Count) return true;
            if (failOutOfRange) failure = OutOfBounds(index, leafList.Count, path.Path);
            return false;
        }
        return false;
    }

    public static IngestFailure? Set(IngestDocument document, FieldPath path, object? value)
    {
        if (path.SimpleSourceKey is { } key)
        {
            document.Source[key] = value;
            return null;
        }
        return SetCore(document, path, value, append: false, allowDuplicates: true);
    }

    public static IngestFailure? Append(IngestDocument document, FieldPath path, object? value, bool allowDuplicates)
        => SetCore(document, path, value, append: true, allowDuplicates);

    private static IngestFailure? SetCore(IngestDocument document, FieldPath path, object? value, bool append, bool allowDuplicates)
    {
        object? context = path.IsIngest ? IngestRoot : SourceRoot;
        var elements = path.Elements;
        for (var i = 0; i < elements.Length - 1; i++)
        {
            var element = elements[i];
            if (context is null)
                return IngestFailure.IllegalArgument($"cannot resolve [{element}] from null as part of path [{path.Path}]");
            if (IsMap(context))
            {
                if (!MapTryGet(document, context, element, out var next))
                {
                    next = new Dictionary<string, object?>();
                    MapSet(document, context, element, next);
                }
                context = next;
            }
            else if (context is List<object?> list)
            {
                var failure = ListIndex(list, element, path.Path, out var index);
                if (failure is not null) return failure;
                context = list[index];
            }
            else
            {
                return IngestFailure.IllegalArgument(
                    $"cannot resolve [{element}] from object of type [{JavaText.TypeName(context)}] as part of path [{path.Path}]");
            }
        }

        var leaf = elements[^1];
        if (context is null)
            return IngestFailure.IllegalArgument($"cannot set [{leaf}] with null parent as part of path [{path.Path}]");
        if (IsMap(context))
        {
            if (append)
            {
                if (MapTryGet(document, context, leaf, out var existing))
                {
                    var appended = AppendValues(existing, value, allowDuplicates);
                    if (!ReferenceEquals(appended, existing)) MapSet(document, context, leaf, appended);
                }
                else
                {
                    var list = new List<object?>();
                    AppendAll(list, value);
                    MapSet(document, context, leaf, list);
                }
                return null;
            }
            MapSet(document, context, leaf, value);
            return null;
        }
        if (context is List<object?> parentList)
        {
            var failure = ListIndex(parentList, leaf, path.Path, out var index);
            if (failure is not null) return failure;
            if (append)
            {
                var existing = parentList[index];
                var appended = AppendValues(existing, value, allowDuplicates);
                if (!ReferenceEquals(appended, existing)) parentList[index] = appended;
                return null;
            }
            parentList[index] = value;
            return null;
        }
        return IngestFailure.IllegalArgument(
            $"cannot set [{leaf}] with parent object of type [{JavaText.TypeName(context)}] as part of path [{path.Path}]");
    }

    public static IngestFailure? Remove(IngestDocument document, FieldPath path)
    {
        object? context = path.IsIngest ? IngestRoot : SourceRoot;
        var elements = path.Elements;
        for (var i = 0; i < elements.Length - 1; i++)
        {
            var failure = Resolve(document, elements[i], path.Path, ref context);
            if (failure is not null) return failure;
        }
        var leaf = elements[^1];
        if (context is not null && IsMap(context))
        {
            if (MapRemove(document, context, leaf)) return null;
            return IngestFailure.IllegalArgument($"field [{leaf}] not present as part of path [{path.Path}]");
        }
        if (context is List<object?> list)
        {
            if (!int.TryParse(leaf, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                return IngestFailure.IllegalArgument($"[{leaf}] is not an integer, cannot be used as an index as part of path [{path.Path}]");
            if (index < 0 || index >= list.Count) return OutOfBounds(index, list.Count, path.Path);
            list.RemoveAt(index);
            return null;
        }
        if (context is null)
            return IngestFailure.IllegalArgument($"cannot remove [{leaf}] from null as part of path [{path.Path}]");
        return IngestFailure.IllegalArgument(
            $"cannot remove [{leaf}] from object of type [{JavaText.TypeName(context)}] as part of path [{path.Path}]");
    }

    private static IngestFailure? Resolve(IngestDocument document, string element, string fullPath, ref object? context)
    {
        if (context is null)
            return IngestFailure.IllegalArgument($"cannot resolve [{element}] from null as part of path [{fullPath}]");
        if (IsMap(context))
        {
            if (MapTryGet(document, context, element, out context)) return null;
            return IngestFailure.IllegalArgument($"field [{element}] not present as part of path [{fullPath}]");
        }
        if (context is List<object?> list)
        {
            var failure = ListIndex(list, element, fullPath, out var index);
            if (failure is not null) return failure;
            context = list[index];
            return null;
        }
        return IngestFailure.IllegalArgument(
            $"cannot resolve [{element}] from object of type [{JavaText.TypeName(context)}] as part of path [{fullPath}]");
    }

    private static IngestFailure? ListIndex(List<object?> list, string element, string fullPath, out int index)
    {
        if (!int.TryParse(element, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index))
            return IngestFailure.IllegalArgument($"[{element}] is not an integer, cannot be used as an index as part of path [{fullPath}]");
        if (index < 0 || index >= list.Count) return OutOfBounds(index, list.Count, fullPath);
        return null;
    }

    private static IngestFailure OutOfBounds(int index, int count, string path)
        => IngestFailure.IllegalArgument($"[{index}] is out of bounds for array with length [{count}] as part of path [{path}]");

    private static bool IsMap(object context)
        => ReferenceEquals(context, SourceRoot) || ReferenceEquals(context, IngestRoot) || context is Dictionary<string, object?>;

    private static bool MapTryGet(IngestDocument document, object map, string key, out object? value)
    {
        if (ReferenceEquals(map, SourceRoot))
        {
            switch (FieldPath.MetadataKind(key))
            {
                case DocumentMetadata.Index: value = document.Index; return true;
                case DocumentMetadata.Id: value = document.Id; return true;
                case DocumentMetadata.Routing: value = document.Routing; return document.Routing is not null;
                default: return document.Source.TryGetValue(key, out value);
            }
        }
        if (ReferenceEquals(map, IngestRoot))
        {
            if (document.IngestMetadata is { } metadata && metadata.TryGetValue(key, out value)) return true;
            if (key == "timestamp")
            {
                value = document.IngestTimestampText;
                return true;
            }
            value = null;
            return false;
        }
        return ((Dictionary<string, object?>)map).TryGetValue(key, out value);
    }

    private static bool MapContains(IngestDocument document, object map, string key) => MapTryGet(document, map, key, out _);

    private static void MapSet(IngestDocument document, object map, string key, object? value)
    {
        if (ReferenceEquals(map, SourceRoot))
        {
            switch (FieldPath.MetadataKind(key))
            {
                case DocumentMetadata.Index: document.Index = value is null ? "" : JavaText.ToString(value); return;
                case DocumentMetadata.Id: document.Id = value is null ? null : JavaText.ToString(value); return;
                case DocumentMetadata.Routing: document.Routing = value is null ? null : JavaText.ToString(value); return;
                default: document.Source[key] = value; return;
            }
        }
        if (ReferenceEquals(map, IngestRoot))
        {
            document.EnsureIngestMetadata()[key] = value;
            return;
        }
        ((Dictionary<string, object?>)map)[key] = value;
    }

    private static bool MapRemove(IngestDocument document, object map, string key)
    {
        if (ReferenceEquals(map, SourceRoot))
        {
            switch (FieldPath.MetadataKind(key))
            {
                case DocumentMetadata.Index: document.Index = ""; return true;
                case DocumentMetadata.Id: document.Id = null; return true;
                case DocumentMetadata.Routing:
                    if (document.Routing is null) return false;
                    document.Routing = null;
                    return true;
                default: return document.Source.Remove(key);
            }
        }
        if (ReferenceEquals(map, IngestRoot))
            return document.IngestMetadata is { } metadata && metadata.Remove(key);
        return ((Dictionary<string, object?>)map).Remove(key);
    }

    private static object AppendValues(object? maybeList, object? value, bool allowDuplicates)
    {
        List<object?> list;
        if (maybeList is List<object?> existing)
        {
            list = existing;
        }
        else
        {
            list = [maybeList];
        }
        if (allowDuplicates)
        {
            AppendAll(list, value);
            return list;
        }
        var appended = false;
        if (value is List<object?> values)
        {
            foreach (var item in values)
            {
                if (!ContainsValue(list, item))
                {
                    list.Add(item);
                    appended = true;
                }
            }
        }
        else if (!ContainsValue(list, value))
        {
            list.Add(value);
            appended = true;
        }
        return appended ? list : maybeList!;
    }

    private static void AppendAll(List<object?> list, object? value)
    {
        if (value is List<object?> values) list.AddRange(values);
        else list.Add(value);
    }

    private static bool ContainsValue(List<object?> list, object? value)
    {
        foreach (var item in list)
            if (ValueEquality.AreEqual(item, value)) return true;
        return false;
    }
}

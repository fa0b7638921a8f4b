namespace Backfill.Local.Asl.Paths;

/// <summary>
/// An InputPath, OutputPath or ResultPath field: absent (the default "$"), explicitly null (AWS's "discard"
/// meaning: empty input/output, or keep the input and drop the result), or a path.
/// </summary>
public readonly record struct PathField(JsonPath? Path, bool IsNull)
{
    public static PathField Default => default;
    public static PathField Null => new(null, true);
    public static PathField Of(JsonPath path) => new(path, false);

    public bool IsDefault => Path is null && !IsNull;

    public override string ToString() => IsNull ? "null" : Path?.Text ?? "$";
}

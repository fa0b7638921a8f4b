namespace Backfill.Local.Asl.Errors;

/// <summary>
/// One problem found in a definition. <see cref="Location"/> is the JSON pointer-like path of the offending field
/// (e.g. <c>/States/Download/Retry/0/BackoffRate</c>); <see cref="State"/> is the state's name when there is one.
/// </summary>
public sealed record AslValidationError(string Location, string? State, string Field, string Problem)
{
    public override string ToString() =>
        State is null ? $"{Location}: field '{Field}' {Problem}" : $"state '{State}' field '{Field}' ({Location}): {Problem}";
}

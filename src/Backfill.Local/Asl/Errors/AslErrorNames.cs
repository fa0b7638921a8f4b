namespace Backfill.Local.Asl.Errors;

/// <summary>
/// The error names Step Functions reports, as the AWS developer guide lists them ("Error names"). AWS reports
/// path, parameter, intrinsic-function and no-choice-matched failures under <see cref="Runtime"/> (the more specific
/// names are documented as reserved), and neither <see cref="All"/> nor any other matcher catches
/// <see cref="Runtime"/> or <see cref="DataLimitExceeded"/>.
/// </summary>
public static class AslErrorNames
{
    public const string All = "States.ALL";
    public const string TaskFailed = "States.TaskFailed";
    public const string Timeout = "States.Timeout";
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";
    public const string Runtime = "States.Runtime";
    public const string DataLimitExceeded = "States.DataLimitExceeded";
    public const string BranchFailed = "States.BranchFailed";
    public const string NoChoiceMatched = "States.NoChoiceMatched";
    public const string ParameterPathFailure = "States.ParameterPathFailure";
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
    public const string IntrinsicFailure = "States.IntrinsicFailure";
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
    public const string ItemReaderFailed = "States.ItemReaderFailed";
    public const string ResultWriterFailed = "States.ResultWriterFailed";
    public const string Permissions = "States.Permissions";

    /// <summary>Terminal errors: they end the execution whatever the Retry and Catch fields say.</summary>
    public static bool IsTerminal(string error) => error is Runtime or DataLimitExceeded;
}

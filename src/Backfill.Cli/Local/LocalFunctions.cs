namespace Backfill.Cli.Local;

/// <summary>
/// The Lambda functions the definition names through <c>${…FunctionArn}</c> substitutions, and the local ARNs they
/// map to (the local engine resolves each ARN to the in-process handler of the same name).
/// </summary>
public static class LocalFunctions
{
    public static string Arn(string name) => $"arn:aws:lambda:us-east-1:123456789012:function:backfill-{name}";

    public static Dictionary<string, string> Substitutions() =>
        Functions.Runtime.LambdaFunctions.Names.ToDictionary(n => n + "FunctionArn", Arn, StringComparer.Ordinal);
}

using Backfill.Core.Errors;

namespace Backfill.Core.Sources;

/// <summary>
/// Resolves a secret reference — <c>env:VARIABLE</c> or <c>file:PATH</c> — to the secret it points at. Inputs only
/// ever carry references, so a reference may be printed; the resolved value never is.
/// </summary>
public static class SecretReference
{
    /// <param name="reference">env:VARIABLE or file:PATH.</param>
    /// <param name="what">What the reference is for, used in messages, e.g. "credentials reference".</param>
    /// <param name="getEnvironmentVariable">Environment lookup (defaults to the process environment).</param>
    public static string Resolve(string reference, string what = "secret reference", Func<string, string?>? getEnvironmentVariable = null)
    {
        if (reference.StartsWith("env:", StringComparison.Ordinal) && reference.Length > 4)
        {
            var name = reference[4..];
            var value = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)(name);
            if (string.IsNullOrEmpty(value))
                throw new BackfillException($"{what} \"{reference}\" cannot be resolved: environment variable {name} is not set");
            return value;
        }
        if (reference.StartsWith("file:", StringComparison.Ordinal) && reference.Length > 5)
        {
            var path = reference[5..];
            try
            {
                return File.ReadAllText(path).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new BackfillException($"{what} \"{reference}\" cannot be resolved: file {path} does not exist");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BackfillException($"{what} \"{reference}\" cannot be resolved: file {path} cannot be read ({e.GetType().Name})");
            }
        }
        // Not echoed: someone may have pasted the secret itself where the reference belongs.
        throw new BackfillException($"{what} is not a reference (expected env:VARIABLE or file:PATH; the value given is not shown in case it is a secret)");
    }
}

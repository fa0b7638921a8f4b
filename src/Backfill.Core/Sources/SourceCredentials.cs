using Backfill.Core.Errors;

namespace Backfill.Core.Sources;

/// <summary>
/// A user name and password for an FTP login or HTTP basic authentication. Deliberately not a record: its
/// <see cref="ToString"/> must never print the password.
/// </summary>
public sealed class SourceCredentials
{
    public SourceCredentials(string userName, string password)
    {
        // A line break would let a crafted value smuggle extra FTP commands onto the control connection.
        if (userName.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 || password.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new BackfillException("credentials contain a line break or NUL character (expected user:password on one line)");
        UserName = userName;
        Password = password;
    }

    public string UserName { get; }

    public string Password { get; }

    /// <summary>What FTP clients send when no credentials are given.</summary>
    public static SourceCredentials Anonymous { get; } = new("anonymous", "anonymous@");

    /// <summary>Reads <c>user:password</c> from an <c>env:VARIABLE</c> or <c>file:PATH</c> reference.</summary>
    public static SourceCredentials FromReference(string reference, Func<string, string?>? getEnvironmentVariable = null)
    {
        const string what = "credentials reference";
        var secret = SecretReference.Resolve(reference, what, getEnvironmentVariable);
        var colon = secret.IndexOf(':');
        if (colon <= 0)
            throw new BackfillException($"{what} \"{reference}\" does not hold user:password (expected a user name, a colon, then the password)");
        return new SourceCredentials(secret[..colon], secret[(colon + 1)..]);
    }

    public override string ToString() => UserName + ":****";
}

using Backfill.Core.Errors;

namespace Backfill.Core.Storage;

public sealed class ObjectNotFoundException(string location)
    : BackfillException($"{location}: object not found")
{
    public string Location { get; } = location;
}

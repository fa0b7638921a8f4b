using Backfill.Core.Input;
using Backfill.Core.Storage;

namespace Backfill.Functions;

/// <summary>Opens the object store that staging settings name: a local directory (root) or an S3 bucket.</summary>
public delegate IObjectStore StagingStoreResolver(StagingSettings staging);

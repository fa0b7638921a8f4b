namespace Backfill.Core.Ingest;

/// <summary>What became of a document after its pipeline ran.</summary>
public enum IngestStatus
{
    /// <summary>The pipeline finished (possibly through an on_failure handler); index the document.</summary>
    Indexed,
    /// <summary>A drop processor ran; OpenSearch reports the bulk item as a no-op and indexes nothing.</summary>
    Dropped,
    /// <summary>A processor failed and no on_failure handled it; OpenSearch rejects the bulk item with status 400.</summary>
    Failed,
}

using System.Buffers;

namespace Backfill.Aws.Tests.Support;

/// <summary>An array pool that counts arrays out on loan, to check a writer's memory bound.</summary>
public sealed class CountingArrayPool : ArrayPool<byte>
{
    private readonly ArrayPool<byte> _inner = Create();
    private int _outstanding;

    public int MaxOutstanding;
    public int Outstanding => Volatile.Read(ref _outstanding);
    public long MaxOutstandingBytes;
    private long _outstandingBytes;

    public override byte[] Rent(int minimumLength)
    {
        var array = _inner.Rent(minimumLength);
        lock (this)
        {
            _outstanding++;
            _outstandingBytes += array.Length;
            MaxOutstanding = Math.Max(MaxOutstanding, _outstanding);
            MaxOutstandingBytes = Math.Max(MaxOutstandingBytes, _outstandingBytes);
        }
        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        lock (this)
        {
            _outstanding--;
            _outstandingBytes -= array.Length;
        }
        _inner.Return(array, clearArray);
    }
}

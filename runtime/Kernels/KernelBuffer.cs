using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoGradRnn;

/// <summary>
/// The scratch memory of the matrix kernels, one per thread, allocated on a thread's first product and reused by
/// every later one (a warm product allocates nothing). It lives on the pinned object heap, so its address never
/// changes, and each region starts on a 64-byte line so a packed vector never straddles two cache lines.
/// </summary>
internal sealed unsafe class KernelBuffer
{
    private const int Align = 64;

    /// <summary>Room for packed panels of B: a k block × a column block, sized to stay in L2 (1 MiB on Zen 5).</summary>
    public const int PackBytes = 512 * 1024;

    [ThreadStatic] private static KernelBuffer? _current;

    private readonly byte[] _memory;

    private KernelBuffer()
    {
        _memory = GC.AllocateUninitializedArray<byte>(PackBytes + Align, pinned: true);
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_memory));
        byte* aligned = (byte*)(((nint)start + Align - 1) & ~(nint)(Align - 1));
        PackedB = aligned;
    }

    /// <summary>Packed panels of B (<see cref="PackBytes"/> bytes).</summary>
    public byte* PackedB { get; }

    public static KernelBuffer ForThisThread() => _current ??= new KernelBuffer();
}

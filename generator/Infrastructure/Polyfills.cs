// Polyfills for netstandard2.0: records and init-only setters need IsExternalInit.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}

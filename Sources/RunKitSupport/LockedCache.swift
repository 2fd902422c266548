/// A value computed once on first use, safe to share between tasks.
///
/// SPI-public and inlinable for the reason `Locked` is (`ItemGroup` and `BackgroundValue` make them).
@_spi(RunKitInternals) public final class LockedCache<Value: Sendable>: Sendable {
    @usableFromInline let storage: Locked<Value?>

    /// An empty cache, or one already holding `value`.
    @inlinable
    public init(_ value: Value? = nil) {
        storage = Locked(value)
    }

    /// The cached value, computing and keeping it on first call.
    /// A failed computation is not cached, so a later call tries again.
    @inlinable
    public func get(_ compute: () throws -> Value) rethrows -> Value {
        try storage.withLock { value in
            if let value { return value }
            let computed = try compute()
            value = computed
            return computed
        }
    }

    /// The value if it has been computed.
    var cached: Value? {
        storage.withLock { $0 }
    }
}

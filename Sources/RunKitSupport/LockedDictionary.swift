/// A dictionary several threads may read and write, one at a time (the index's per-config
/// notes while a store's configs are read in parallel).
///
/// ```swift
/// let seen = LockedDictionary<String, Int>()
/// seen["a"] = 1
/// seen.count   // 1
/// ```
package final class LockedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let storage = Locked<[Key: Value]>([:])

    package init() {}

    package subscript(key: Key) -> Value? {
        get { storage.withLock { $0[key] } }
        set { storage.withLock { $0[key] = newValue } }
    }

    package var count: Int { storage.withLock { $0.count } }
}

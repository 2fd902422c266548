import Foundation

/// A dictionary several threads may read and write, one at a time (the index's per-config
/// notes while a store's configs are read in parallel).
///
/// ```swift
/// let seen = LockedDictionary<String, Int>()
/// seen["a"] = 1
/// seen.count   // 1
/// ```
package final class LockedDictionary<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Key: Value] = [:]

    package init() {}

    package subscript(key: Key) -> Value? {
        get { lock.withLock { storage[key] } }
        set { lock.withLock { storage[key] = newValue } }
    }

    package var count: Int { lock.withLock { storage.count } }
}

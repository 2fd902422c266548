import Foundation
import RunKitSupport

/// Where RunKit keeps its index files: never inside a store. `RUNKIT_CACHE_DIR` when set, else
/// `$XDG_CACHE_HOME/runkit`, else `~/.cache/runkit`; one SQLite file per store, named by its
/// kind and a hash of its absolute path.
///
/// ```swift
/// let location = IndexLocation.standard()                  // ~/.cache/runkit
/// let store = IndexedStore(try RunStore.open("project"), location: location)
/// ```
public struct IndexLocation: Sendable, Hashable {
    /// The folder holding the index files (created when first needed).
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// The location the environment asks for (see the type's description).
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> IndexLocation {
        if let explicit = environment["RUNKIT_CACHE_DIR"], !explicit.isEmpty { return IndexLocation(directory: explicit) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return IndexLocation(directory: xdg + "/runkit") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return IndexLocation(directory: home + "/.cache/runkit")
    }

    /// The index file of the store of `kind` at `storePath` (absolute).
    public func file(kind: StoreKind, storePath: String) -> String {
        var hash = FNV1a()
        hash.add(storePath.utf8)
        return directory + "/index-\(kind.rawValue)-\(hash.hex).sqlite"
    }
}

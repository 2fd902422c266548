import RunKit

/// One store a dashboard serves: its reader and the runs of its last load, kept in memory.
///
/// ```swift
/// let store = try ServedStore.load("project/mlflow.db")
/// store.runs.count      // the runs `runkit list` shows
/// ```
public struct ServedStore: Sendable {
    /// The store as given on the command line (what a record's `store` and `?store=` name).
    public var location: String
    public var reader: any RunStoreReader
    /// The runs not deleted, in the store's natural order (what `list` shows); a deleted run is
    /// read when asked for by id, as `show` reads it.
    public var runs: [Run]
    public var warnings: [LoadWarning]
    /// The store's files when this load began (`StoreSignature`).
    var signature: StoreSignature
    /// Counts this store's loads: 1 after the first.
    public var generation: Int
    /// Why the last re-read failed (the runs are those of the load before), nil after a good one.
    public var reloadError: String?

    /// Opens and loads the store at `location` (a path or URI, as every command takes it).
    public static func load(_ location: String) throws -> ServedStore {
        let reader = try RunStore.open(location)
        return try load(location, reader: reader, generation: 1)
    }

    /// Loads `reader` whole; the signature is taken first, so a change during the load is seen
    /// by the next poll.
    static func load(_ location: String, reader: any RunStoreReader, generation: Int) throws -> ServedStore {
        let signature = StoreSignature.of(kind: reader.kind, path: reader.path)
        let result = try reader.loadRuns(LoadOptions(view: .activeOnly))
        return ServedStore(location: location, reader: reader, runs: result.runs,
                           warnings: result.warnings, signature: signature, generation: generation)
    }

    /// The store loaded again when its files (`now`) changed since this load (with `reloadError`
    /// set and the old runs when that failed); nil when they did not change.
    func reloaded(now: StoreSignature) -> ServedStore? {
        guard now != signature else { return nil }
        do {
            return try Self.load(location, reader: reader, generation: generation + 1)
        } catch {
            var failed = self
            failed.signature = now
            failed.reloadError = "\(error)"
            return failed
        }
    }
}

import Foundation
import RunKitModel
import RunKitSupport

/// A store read through an index kept outside it (see `IndexLocation`): the first load reads the
/// store and records each run with the signatures (`stat`) of the files it came from; later loads
/// check those signatures and read again only the runs that are new or changed, and drop the
/// ones that left. The result is always what a full load gives.
///
/// - MLflow file stores and MLXP log folders: one entry per run folder, checked with one `stat`
///   per file and folder the run was read from (HydraFlow's `config.yaml` included).
/// - MLflow SQLite: the database file (and its `-wal`) is checked first; unchanged, every run
///   comes from the index after one `stat` of its `config.yaml`; changed, the tables are queried
///   again (the cheap part) and only the configs that changed are read and parsed.
/// - malet logs are single files read in one pass: they are loaded as they are, unindexed.
///
/// A run that gave a warning, or whose files changed in the last two seconds (their times cannot
/// yet tell a later change apart), is not trusted to the index and is read again next time.
///
/// ```swift
/// let store = IndexedStore(try RunStore.open("project"))
/// let runs = try store.loadRuns(LoadOptions()).collection     // fast the second time
/// ```
public struct IndexedStore: RunStoreReader {
    /// The store the index serves.
    public let base: any RunStoreReader
    /// Where the index file lives.
    public let location: IndexLocation

    public var kind: StoreKind { base.kind }
    public var path: String { base.path }

    /// Files changed less than this (ns) before a refresh started are not trusted to the index:
    /// their times could not tell a later change apart (and a network file system's clock may
    /// run a little ahead). Tests that write a store and index it at once set it to 0.
    var trustMargin: Int64 = 2_000_000_000

    public init(_ base: any RunStoreReader, location: IndexLocation = .standard()) {
        self.base = base
        self.location = location
    }

    public func experiments() throws -> [Experiment] { try base.experiments() }

    /// The index file of this store (it may not exist yet).
    public var indexFile: String {
        location.file(kind: kind, storePath: PosixFileSystem.absolute(path))
    }

    /// Deletes the index file (and SQLite's `-wal`/`-shm` beside it); false when there was none.
    ///
    /// ```swift
    /// try IndexedStore(store).removeIndex()
    /// ```
    @discardableResult
    public func removeIndex() throws -> Bool {
        let existed = FileManager.default.fileExists(atPath: indexFile)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: indexFile + suffix) {
            try FileManager.default.removeItem(atPath: indexFile + suffix)
        }
        return existed
    }

    /// False for a store the index does not serve (one that is not an `IndexableStore`, as malet
    /// logs): it is loaded as it is.
    public var isIndexed: Bool { base is any IndexableStore }

    public func loadRuns(_ options: LoadOptions) throws -> LoadResult {
        guard isIndexed else { return try base.loadRuns(options) }
        return try refresh().selected(options)
    }

    /// `run` as its store reads it in one consistent read (`RunStoreReader.snapshot(of:)`): the
    /// index may hold an older copy.
    public func snapshot(of run: Run) throws -> Run { try base.snapshot(of: run) }

    /// Brings the index up to date with the store and returns every run. Throws, before anything
    /// is written, when the index would be written into the store (`checkPlacement()`).
    ///
    /// ```swift
    /// let refresh = try IndexedStore(store).refresh()
    /// refresh.read      // 100 after 100 new runs were logged
    /// ```
    public func refresh() throws -> IndexRefresh {
        let started = Self.now()
        guard let indexable = base as? any IndexableStore else {
            let result = try base.loadRuns(LoadOptions(view: .all))
            var refresh = IndexRefresh(units: [], runs: result.runs, storeWarnings: result.warnings)
            refresh.read = result.runs.count
            return refresh
        }
        try checkPlacement()
        let index: IndexDatabase?
        do {
            index = try IndexDatabase(path: indexFile, storePath: PosixFileSystem.absolute(path), kind: kind)
        } catch {
            index = nil   // a cache that cannot be opened (read-only home, full disk) is skipped
        }
        return try indexable.refresh(index, by: self, trustedBefore: started - trustMargin)
    }

    /// Nanoseconds since the epoch, on the clock file times use.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// The cached rows by unit; none when the index is missing or unreadable.
    static func cachedRows(_ index: IndexDatabase?) -> [String: IndexDatabase.Row] {
        guard let rows = try? index?.rows() else { return [:] }
        return Dictionary(rows.map { ($0.unit, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes a refresh. An index that cannot be written (a full disk, tables of an unexpected
    /// shape) is removed, to be rebuilt by the next load: it is only a cache.
    static func save(_ index: IndexDatabase?, _ refresh: IndexDatabase.Refresh) {
        guard let index else { return }
        do {
            try index.write(refresh)
        } catch {
            try? FileManager.default.removeItem(atPath: index.path)
        }
    }
}

extension RunStoreReader {
    /// This store read through an index at `location` (see `IndexedStore`).
    ///
    /// ```swift
    /// let runs = try RunStore.open("project").indexed().loadRuns(LoadOptions()).collection
    /// ```
    public func indexed(at location: IndexLocation = .standard()) -> IndexedStore {
        if let already = self as? IndexedStore { return IndexedStore(already.base, location: location) }
        return IndexedStore(self, location: location)
    }
}

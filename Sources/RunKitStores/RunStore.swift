import Foundation
@_spi(RunKitInternals) import RunKitSupport

/// Opens stores by path or URI, detecting their kind.
///
/// ```swift
/// let store = try RunStore.open("sqlite:////home/me/project/mlflow.db")   // absolute; sqlite:///mlflow.db is relative
/// let store = try RunStore.open("project")          // a folder holding mlflow.db or mlruns/
/// let store = try RunStore.open(nil)                // MLFLOW_TRACKING_URI, else ./mlruns with experiments, else ./mlflow.db
/// ```
public enum RunStore {
    /// Opens the store at `location`: a path, or an address as MLflow's client reads a tracking
    /// URI (`sqlite:///relative.db`, `sqlite:////absolute.db`, `file:///abs/mlruns`, `file:mlruns`;
    /// see `StoreAddress`), relative to the working directory.
    /// Without a location: `MLFLOW_TRACKING_URI`, else what MLflow's client uses without one:
    /// `./mlruns` when it holds experiments, else `./mlflow.db` (and `./mlruns` when only it exists).
    public static func open(_ location: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any RunStoreReader {
        guard let location, !location.isEmpty else {
            if let uri = environment["MLFLOW_TRACKING_URI"], !uri.isEmpty { return try open(uri, isTrackingURI: true) }
            if holdsMLflowExperiments("mlruns") { return try open("mlruns", environment: [:]) }
            if FileManager.default.fileExists(atPath: "mlflow.db") { return try MLflowSQLiteStore(databasePath: "mlflow.db") }
            if FileManager.default.fileExists(atPath: "mlruns") { return try open("mlruns", environment: [:]) }
            throw RunKitError(.storeNotFound, "No store given and none found here: pass a STORE path, set MLFLOW_TRACKING_URI, or run where ./mlflow.db or ./mlruns exists.")
        }
        return try open(location, isTrackingURI: false)
    }

    /// Opens a STORE argument or `MLFLOW_TRACKING_URI`.
    private static func open(_ location: String, isTrackingURI: Bool) throws -> any RunStoreReader {
        if let opener = remoteOpener.withLock({ $0 }), let remote = try opener(location) { return remote }
        let origin = isTrackingURI ? "MLFLOW_TRACKING_URI=\(location)" : location
        switch try StoreAddress(location, isTrackingURI: isTrackingURI) {
        case .database(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                throw RunKitError(.storeNotFound, "\(origin) names \(path), which does not exist.", path: path)
            }
            return try MLflowSQLiteStore(databasePath: path)
        case .path(let path):
            if path != location, !FileManager.default.fileExists(atPath: path) {
                throw RunKitError(.storeNotFound, "\(origin) names \(path), which does not exist.", path: path)
            }
            return try detect(path)
        }
    }

    /// Opens what this library does not read itself (an MLflow tracking server, a PostgreSQL
    /// database): `opener` returns the store of an address it reads, nil for any other. A program
    /// that links RunKitRemote calls `RemoteStores.register()`, which sets it; the library itself
    /// has no HTTP or PostgreSQL stack (docs/remote.md).
    ///
    /// ```swift
    /// RunStore.register { address in address.hasPrefix("http://") ? try MyServerStore(address) : nil }
    /// ```
    public static func register(remoteOpener opener: @escaping @Sendable (String) throws -> (any RunStoreReader)?) {
        remoteOpener.withLock { $0 = opener }
    }

    private static let remoteOpener = Locked<(@Sendable (String) throws -> (any RunStoreReader)?)?>(nil)

    /// The kind of store at a local path.
    static func detect(_ path: String) throws -> any RunStoreReader {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RunKitError(.storeNotFound, "\(path) does not exist.", path: path)
        }
        if !isDirectory.boolValue {
            if isSQLiteFile(path) { return try MLflowSQLiteStore(databasePath: path) }
            if MaletStore.isMaletStore(path) { return try MaletStore(path: path) }
            throw RunKitError(.unknownStoreKind, "\(path) is not a store RunKit knows: \(expectedKinds).", path: path)
        }
        let folder = URL(fileURLWithPath: path)
        let database = folder.appendingPathComponent("mlflow.db").path
        if fileManager.fileExists(atPath: database) { return try MLflowSQLiteStore(databasePath: database) }
        let mlruns = folder.appendingPathComponent("mlruns").path
        if fileManager.fileExists(atPath: mlruns) {
            // Probing for a store kind: a folder that cannot be listed holds no database we can use.
            let parentDatabases = (try? fileManager.contentsOfDirectory(atPath: path))?.filter { $0.hasSuffix(".db") } ?? []
            if let db = parentDatabases.first(where: { isSQLiteFile(folder.appendingPathComponent($0).path) }) {
                return try MLflowSQLiteStore(databasePath: folder.appendingPathComponent(db).path)
            }
            return try openFileStore(mlruns)
        }
        if isMLflowFileStore(path) { return try openFileStore(path) }
        if MLXPStore.isLogFolder(path) { return MLXPStore(logsPath: path) }
        let logs = folder.appendingPathComponent("logs").path
        if MLXPStore.isLogFolder(logs) { return MLXPStore(logsPath: logs) }
        if MaletStore.isMaletStore(path) { return try MaletStore(path: path) }
        throw RunKitError(.unknownStoreKind, "\(path) is not a store RunKit knows: \(expectedKinds).", path: path)
    }

    /// The layouts RunKit reads, for error messages.
    static let expectedKinds = "expected an MLflow database (.db), a folder holding mlflow.db or mlruns/, an mlruns folder, an MLXP log folder (numbered run folders with metadata/) or a folder holding one in logs/, a malet experiment folder (exp_config.yaml with log.tsv or log_splits/), a folder of them, or a malet .tsv log"

    /// True when the file starts with SQLite's header.
    static func isSQLiteFile(_ path: String) -> Bool {
        // Through `LiveSQLiteDatabase`: closing a descriptor of a database this process reads
        // would drop the locks of its connections.
        LiveSQLiteDatabase.header(of: PosixFileSystem.absolute(path), count: 16).starts(with: Array("SQLite format 3".utf8))
    }

    /// True for a folder named `mlruns`, or one whose subfolders hold experiment `meta.yaml` files.
    static func isMLflowFileStore(_ path: String) -> Bool {
        let folder = URL(fileURLWithPath: path)
        if folder.lastPathComponent == "mlruns" { return true }
        // Probing for a store kind: what cannot be listed or read does not make it an MLflow store.
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return entries.contains { entry in
            let meta = folder.appendingPathComponent(entry).appendingPathComponent("meta.yaml").path
            guard let text = try? FileReading.string(meta) else { return false }
            return text.contains("experiment_id:") && !text.contains("run_id:")
        }
    }

    /// MLflow's `_has_existing_mlruns_data`: `mlruns` holds a numbered experiment folder with its
    /// `meta.yaml`, so MLflow's client, given no tracking URI, reads it rather than `./mlflow.db`.
    static func holdsMLflowExperiments(_ mlruns: String) -> Bool {
        // Probing, as MLflow's client does: an unlistable mlruns holds no experiments it would read.
        let entries = (try? PosixFileSystem.entries(mlruns)).flatMap { $0 } ?? []
        return entries.contains { entry in
            entry.isDirectory && !entry.name.isEmpty && entry.name.allSatisfy({ $0.isASCII && $0.isNumber })
                && FileManager.default.fileExists(atPath: mlruns + "/" + entry.name + "/meta.yaml")
        }
    }
}

import Foundation
import RunKitModel
import RunKitSupport

/// Run folders named directly, as HydraFlow's `Run.load(paths)` takes them: each folder's store is
/// found from its place (`<project>/mlruns/<experiment_id>/<run_id>`): the `mlflow.db` beside
/// `mlruns/`, or the file store's own `meta.yaml` files.
///
/// ```swift
/// let result = try RunFolders.load(["project/mlruns/1/19ada88b710c4a85b604ca0ba63b3bca"])
/// let run = result.runs[0]
/// ```
public enum RunFolders {
    /// Loads the runs of these folders (a folder's `artifacts/` subfolder works too), whatever
    /// their lifecycle, in the order given.
    public static func load(_ paths: [String]) throws -> LoadResult {
        var runs: [Run?] = Array(repeating: nil, count: paths.count)
        var warnings: [LoadWarning] = []
        var sqliteGroups: [String: [(index: Int, runID: String)]] = [:]
        var fileFolders: [(index: Int, folder: String)] = []
        for (index, given) in paths.enumerated() {
            var folder = URL(fileURLWithPath: given).standardizedFileURL
            if folder.lastPathComponent == "artifacts" { folder.deleteLastPathComponent() }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw RunKitError(.storeNotFound, "\(given) does not exist or is not a folder.", path: given)
            }
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("meta.yaml").path) {
                fileFolders.append((index, folder.path))
                continue
            }
            let project = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let database = project.appendingPathComponent("mlflow.db").path
            guard FileManager.default.fileExists(atPath: database) else {
                throw RunKitError(.unknownStoreKind, "\(given) is not an MLflow run folder: it has no meta.yaml and there is no mlflow.db at \(project.path).", path: given)
            }
            sqliteGroups[database, default: []].append((index, folder.lastPathComponent))
        }
        for (database, members) in sqliteGroups {
            let result = try MLflowSQLiteStore(databasePath: database)
                .loadRuns(LoadOptions(view: .all, runIDs: Set(members.map(\.runID))))
            warnings += result.warnings
            let byID = Dictionary(result.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for member in members {
                guard let run = byID[member.runID] else {
                    throw RunKitError(.runNotFound, "\(paths[member.index]) is not a run of \(database).", path: paths[member.index])
                }
                runs[member.index] = run
            }
        }
        if !fileFolders.isEmpty {
            let result = try MLflowFileStore.loadRunFolders(fileFolders.map(\.folder))
            warnings += result.warnings
            let byFolder = Dictionary(result.runs.compactMap { run in run.info.runDirectory.map { ($0, run) } }, uniquingKeysWith: { first, _ in first })
            for (index, folder) in fileFolders { runs[index] = byFolder[folder] }
        }
        return LoadResult(runs: runs.compactMap { $0 }, warnings: warnings)
    }
}

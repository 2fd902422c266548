import Foundation
import RunKitModel

/// A read-only reader of one store format. Readers never write into the store.
///
/// ```swift
/// let store = try RunStore.open("path/to/project")     // detects the kind
/// let result = try store.loadRuns(LoadOptions(view: .all))
/// for warning in result.warnings { print(warning) }
/// ```
public protocol RunStoreReader: Sendable {
    /// What kind of store this is (`mlflow-sqlite`, `mlflow-file`, …).
    var kind: StoreKind { get }
    /// The path the store was opened at.
    var path: String { get }
    /// The store's experiments, deleted ones included.
    func experiments() throws -> [Experiment]
    /// The selected runs in the store's natural order, with warnings for what was skipped.
    func loadRuns(_ options: LoadOptions) throws -> LoadResult
    /// `run` as one consistent read of the store, with its metric history: what a command that
    /// shows one run prints (see `RunStoreReader+Snapshot.swift`; most stores give `run` itself).
    func snapshot(of run: Run) throws -> Run
}

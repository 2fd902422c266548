@_spi(RunKitInternals) import RunKitSupport
import RunKit

/// The stores `runkit serve` shows, loaded once and kept current: `refresh()` re-reads a store
/// whose files changed (`StoreSignature`; MLflow stores: only its runs whose `RunStamps` moved)
/// and bumps `version`.
///
/// ```swift
/// let dashboard = try Dashboard(locations: ["project/mlflow.db", "logs"])
/// dashboard.version            // 1
/// // … a run is logged …
/// dashboard.refresh()          // true: re-read, version 2
/// ```
public final class Dashboard: Sendable {
    private struct State {
        var stores: [ServedStore]
        var version: Int
    }

    private let state: Locked<State>
    /// How often a remote store (an MLflow tracking server, MLflow's PostgreSQL) is read again:
    /// it has no files here to watch (`ServedStore.refreshedByRefetch(every:)`).
    public let remoteEvery: Duration

    /// Loads every store (a path or URI each; `nil` is the default store, as the CLI finds it);
    /// remote ones are read again every `remoteEvery`.
    public init(locations: [String?], remoteEvery: Duration = ServedStore.defaultRemoteEvery) throws {
        self.remoteEvery = remoteEvery
        let stores = try (locations.isEmpty ? [nil] : locations).map { location in
            let reader = try RunStore.open(location)
            return try ServedStore.load(location ?? reader.path, reader: reader, generation: 1)
        }
        state = Locked(State(stores: stores, version: 1))
    }

    /// The stores as last loaded.
    public var stores: [ServedStore] { state.withLock { $0.stores } }

    /// Changes whenever the loaded runs may have changed (a store was read again).
    public var version: Int { state.withLock { $0.version } }

    /// Re-reads the stores whose files changed since their last load; true when one was. A store
    /// that fails to load keeps its last runs and says why (`reloadError`) until its files change again.
    @discardableResult
    public func refresh() -> Bool { refreshTimed().changed }

    /// `refresh()`, also saying how long looking at the stores took (signatures and run stamps;
    /// re-reads not counted).
    func refreshTimed() -> (changed: Bool, looking: Duration) {
        var looking = Duration.zero
        var updated: [Int: ServedStore] = [:]
        var changed = false
        for (index, store) in stores.enumerated() {
            let refresh = store.refreshed(remoteEvery: remoteEvery)
            looking += refresh.looking
            if let store = refresh.store { updated[index] = store }
            changed = changed || refresh.changed
        }
        apply(updated, bumping: changed)
        return (changed, looking)
    }

    /// Puts the `updated` stores in place, and moves the version when their runs `changed`.
    private func apply(_ updated: [Int: ServedStore], bumping changed: Bool) {
        guard !updated.isEmpty else { return }
        state.withLock { state in
            for (index, store) in updated where index < state.stores.count { state.stores[index] = store }
            if changed { state.version += 1 }
        }
    }

    /// The stores `selector` names (`?store=`: the location as given, its name (the password
    /// masked), the reader's path, or its position from 0);
    /// all of them for nil. Throws `DashboardError.badRequest` naming the choices when none matches.
    func stores(selectedBy selector: String?) throws -> [ServedStore] {
        let all = stores
        guard let selector, !selector.isEmpty else { return all }
        if let match = all.first(where: { [$0.location, $0.name, $0.reader.path].contains(selector) }) {
            return [match]
        }
        if let index = Int(selector), all.indices.contains(index) { return [all[index]] }
        let names = all.map { "'\($0.name)'" }.joined(separator: ", ")
        throw DashboardError(.badRequest, "No store '\(selector)' is served; store= takes one of \(names) or its position from 0.")
    }
}

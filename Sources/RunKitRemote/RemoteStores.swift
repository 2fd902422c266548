import Foundation
import RunKitStores

/// Remote stores for `RunStore.open`: a program that links RunKitRemote calls `register()` once,
/// and `http(s)://` addresses (a STORE argument or `MLFLOW_TRACKING_URI`) then open an
/// `MLflowServerStore`, `postgresql://` and `postgresql+DRIVER://` ones an `MLflowPostgresStore`.
/// The library alone keeps refusing them ("is not a local store").
///
/// ```swift
/// RemoteStores.register()
/// let store = try RunStore.open("http://127.0.0.1:5000")
/// ```
public enum RemoteStores {
    /// Makes `RunStore.open` read the addresses of remote stores.
    public static func register() {
        RunStore.register { address in try open(address) }
    }

    /// The store at `address` when it is a remote one this target reads, else nil.
    public static func open(_ address: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (any RunStoreReader)? {
        let scheme = address.prefix { $0 != ":" }.lowercased()
        guard address.contains(":") else { return nil }
        switch scheme {
        case "http", "https": return try MLflowServerStore(url: address, environment: environment)
        case "postgresql", "postgres": return try MLflowPostgresStore(address: address, environment: environment)
        case _ where scheme.hasPrefix("postgresql+"): return try MLflowPostgresStore(address: address, environment: environment)
        default: return nil
        }
    }
}

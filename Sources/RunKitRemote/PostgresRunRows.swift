import RunKitStores

/// What one of `MLflowPostgresStore`'s statements of a load gives, decoded on its own thread:
/// the runs, or (run id, key, value) rows of params or tags, or of latest metrics.
///
/// ```swift
/// let part = PostgresRunRows.texts([("ab12…", "lr", "0.1")])
/// ```
enum PostgresRunRows: Sendable {
    case runs([RemoteRunRecord])
    case texts([(run: String, key: String, value: String)])
    case metrics([(run: String, key: String, value: Double)])
}

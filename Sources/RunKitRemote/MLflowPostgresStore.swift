import Foundation
import Logging
import NIOCore
import NIOPosix
import OrderedCollections
import PostgresNIO
import RunKitModel
import RunKitStores
@_spi(RunKitInternals) import RunKitSupport

/// Reads MLflow's PostgreSQL backend directly (`postgresql://user:password@host:port/database`,
/// and MLflow's `postgresql+psycopg2://…` forms), read-only, with postgres-nio: the schema MLflow
/// makes there is the one it makes in SQLite, read with the same few bulk statements as
/// `MLflowSQLiteStore` (runs, params, latest metrics, tags; a history when asked), the
/// planner's bound pushed as SQL (`MLflowPostgresSQL`). Configs come from each run's artifact
/// URI when it is a local folder here, or, for `mlflow-artifacts:` URIs, below
/// `RUNKIT_MLFLOW_ARTIFACTS_DESTINATION` (the `--artifacts-destination` of the server writing the
/// runs, when this machine sees it).
///
/// ```swift
/// let store = try MLflowPostgresStore(address: "postgresql://mlflow:secret@127.0.0.1:5432/mlflow")
/// let runs = try store.loadRuns(LoadOptions()).runs
/// ```
public struct MLflowPostgresStore: RunStoreReader {
    public var kind: StoreKind { .mlflowPostgres }
    /// The address, its password masked (`postgresql://mlflow:***@host/db`).
    public let path: String
    let configuration: PostgresConnection.Configuration
    let artifactsDestination: String?
    /// The address as given (the key of its connection in `PostgresConnections`).
    private let address: String

    /// A store reading the database at `address`; nothing is sent before a load. The password may
    /// be in the address or in `PGPASSWORD`; `sslmode=require` (or `verify-*`) asks for TLS,
    /// without it the connection is plain (a server on the same network, as MLflow's docs set up).
    public init(address: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let forms = "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
        guard let schemeEnd = address.range(of: "://"),
              address[..<schemeEnd.lowerBound].lowercased().hasPrefix("postgres"),
              let url = URLComponents(string: "postgresql://" + address[schemeEnd.upperBound...]),
              let host = url.host, !host.isEmpty else {
            throw RunKitError(.invalidArgument, "\(address) is not a PostgreSQL address: expected \(forms).")
        }
        let database = String(url.path.drop { $0 == "/" })
        guard let user = url.user, !user.isEmpty, !database.isEmpty else {
            throw RunKitError(.invalidArgument, "\(address) names no user or no database: expected \(forms).")
        }
        let password = url.password?.removingPercentEncoding ?? environment["PGPASSWORD"]
        let sslmode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? ""
        var tls = PostgresConnection.Configuration.TLS.disable
        if ["require", "verify-ca", "verify-full"].contains(sslmode) {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            if sslmode == "require" { tlsConfiguration.certificateVerification = .none }
            tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
        configuration = PostgresConnection.Configuration(host: host, port: url.port ?? 5432, username: user.removingPercentEncoding ?? user,
                                                         password: password, database: database.removingPercentEncoding ?? database, tls: tls)
        path = StoreAddress.masked(address)
        self.address = address
        artifactsDestination = environment["RUNKIT_MLFLOW_ARTIFACTS_DESTINATION"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func experiments() throws -> [Experiment] {
        var tags: [String: [String: String]] = [:]
        for row in try query("SELECT experiment_id, key, value FROM experiment_tags") {
            tags[try Self.text(row[0]), default: [:]][try Self.text(row[1])] = try Self.text(row[2])
        }
        let sql = "SELECT experiment_id, name, lifecycle_stage, artifact_location, creation_time, last_update_time FROM experiments"
        return try query(sql).map { row in
            let id = try Self.text(row[0])
            return Experiment(id: id, name: try Self.text(row[1]), lifecycleStage: try Self.optionalText(row[2]) ?? "active",
                              artifactLocation: try Self.optionalText(row[3]), creationTime: try Self.integer(row[4]),
                              lastUpdateTime: try Self.integer(row[5]), tags: tags[id] ?? [:])
        }.sorted { MLflowServerStore.idOrder($0.id, $1.id) }
    }

    public func loadRuns(_ options: LoadOptions) throws -> LoadResult {
        let selected = try experiments().filter { options.experiments.matches($0.name) }
        guard !selected.isEmpty else { return LoadResult(runs: []) }
        let byID = Dictionary(selected.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let pushed = options.bound.flatMap(MLflowPostgresSQL.condition)
        var filter = "experiment_id IN (" + selected.map { Int($0.id).map(String.init) ?? MLflowPostgresSQL.quoted($0.id) }.joined(separator: ",") + ")"
        if let pushed { filter += " AND " + pushed }
        let selection = "(SELECT run_uuid FROM runs WHERE \(filter))"

        // The runs (every column, in the table's order: the run's `info.` record, as SQLite's store
        // keeps it), params, tags and latest metrics: four statements on four connections at once,
        // each decoded on its own thread.
        let statements = [
            "SELECT * FROM runs WHERE \(filter)",
            "SELECT run_uuid, key, value FROM params WHERE run_uuid IN \(selection)",
            "SELECT run_uuid, key, value FROM tags WHERE run_uuid IN \(selection)",
            "SELECT run_uuid, key, value, is_nan FROM latest_metrics WHERE run_uuid IN \(selection)",
        ]
        let parts = try RemoteWork.map(statements.count, parallelism: statements.count) { part -> PostgresRunRows in
            let rows = try query(statements[part], slot: part)
            switch part {
            case 0:
                return .runs(try rows.compactMap { row in
                    var raw = OrderedDictionary<String, ConfigValue>()
                    for cell in row { raw[cell.columnName] = try Self.value(cell) }
                    return RemoteRunRecord(raw: raw, experiments: byID)
                })
            case 3:
                return .metrics(try rows.map { row in
                    let isNaN = try row[3].decode(Bool?.self) ?? false
                    return (try Self.text(row[0]), try Self.text(row[1]), isNaN ? .nan : (try row[2].decode(Double?.self) ?? .nan))
                })
            default:
                return .texts(try rows.map { row in (try Self.text(row[0]), try Self.text(row[1]), try Self.optionalText(row[2]) ?? "") })
            }
        }
        guard case .runs(var records) = parts[0], case .texts(let params) = parts[1], case .texts(let tags) = parts[2],
              case .metrics(let metrics) = parts[3] else { return LoadResult(runs: []) }
        records = records.filter { options.view.includes(lifecycleStage: $0.info.lifecycleStage) }
        if let ids = options.runIDs { records = records.filter { ids.contains($0.info.runID) } }
        let index = Dictionary(uniqueKeysWithValues: records.enumerated().map { ($1.info.runID, $0) })
        for (run, key, value) in params { if let at = index[run] { records[at].params[key] = value } }
        for (run, key, value) in tags { if let at = index[run] { records[at].tags[key] = value } }
        for (run, key, value) in metrics { if let at = index[run] { records[at].metrics[key] = value } }
        // The bound tested on each run before its config is read (what the SQL could not take).
        if let bound = options.bound { records = records.filter { $0.mayMatch(bound) } }
        let destination = artifactsDestination
        let runs = try RemoteRuns.make(records, options, parallelism: 16, readProxied: { path in
            guard let destination else { return nil }
            return try PosixFileSystem.bytes(destination + "/" + path)
        }, proxiedPath: { file in destination.map { $0 + "/" + file } ?? "mlflow-artifacts:/" + file }, history: { record in
            { try self.history(of: record.info.runID) }
        })
        var result = LoadResult(runs: runs.runs, warnings: runs.warnings)
        result.pushed = pushed
        result.projected = !options.projection.isEverything
        return result
    }

    /// One run's metric histories, keys in byte order, each by (timestamp, step, stored value; MLflow
    /// stores 0 for NaN) as the SQLite store reads them, exact duplicates dropped. Ordered here:
    /// PostgreSQL orders text by its collation, not by bytes.
    func history(of runID: String) throws -> OrderedDictionary<String, [MetricPoint]> {
        let sql = "SELECT DISTINCT key, step, timestamp, value, is_nan FROM metrics WHERE run_uuid = \(MLflowPostgresSQL.quoted(runID))"
        var rows: [(key: String, step: Int64, timestamp: Int64?, stored: Double, isNaN: Bool)] = []
        for row in try query(sql) {
            rows.append((try Self.text(row[0]), try Self.integer(row[1]) ?? 0, try Self.integer(row[2]),
                         try row[3].decode(Double?.self) ?? 0, try row[4].decode(Bool?.self) ?? false))
        }
        rows.sort { left, right in
            if left.key != right.key { return left.key.utf8.lexicographicallyPrecedes(right.key.utf8) }
            let l = (left.timestamp ?? .min, left.step), r = (right.timestamp ?? .min, right.step)
            return l != r ? l < r : left.stored < right.stored
        }
        var result = OrderedDictionary<String, [MetricPoint]>()
        for row in rows {
            result[row.key, default: []].append(MetricPoint(step: row.step, timestamp: row.timestamp, value: row.isNaN ? .nan : row.stored))
        }
        return result
    }

    /// The rows of `sql` (sent on connection `slot`), each as random-access cells; errors become
    /// one sentence naming the database.
    private func query(_ sql: String, slot: Int = 0) throws -> [PostgresRandomAccessRow] {
        do {
            let connection = try PostgresConnections.opened(address, configuration, slot: slot)
            // Row by row into an array of our own: postgres-nio's collecting form copies the whole
            // array it has gathered for each batch of rows read (quadratic in the rows).
            let rows = Locked<[PostgresRow]>([])
            _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresConnections.logger) { row in
                rows.withLock { $0.append(row) }
            }.wait()
            return rows.withLock { $0 }.map { $0.makeRandomAccess() }
        } catch let error as RunKitError {
            throw error
        } catch let error as PSQLError {
            throw RunKitError(.invalidArgument, "Cannot read the MLflow database \(path): \(Self.describe(error)).")
        } catch {
            throw RunKitError(.storeNotFound, "Cannot reach the MLflow database \(path): \(error).")
        }
    }

    private static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return message }
        if error.code == .connectionError || error.code == .unexpectedBackendMessage { return "connection refused or closed" }
        return "\(error.code)"
    }

    static func value(_ cell: PostgresCell) throws -> ConfigValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(Int(try cell.decode(Int64.self)))
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .bool: return .bool(try cell.decode(Bool.self))
        default: return .string(try cell.decode(String.self))
        }
    }

    static func text(_ cell: PostgresCell) throws -> String { try optionalText(cell) ?? "" }

    static func optionalText(_ cell: PostgresCell) throws -> String? {
        switch try value(cell) {
        case .null: return nil
        case .int(let number): return String(number)
        case .string(let text): return text
        case let other: return other.description
        }
    }

    static func integer(_ cell: PostgresCell) throws -> Int64? {
        try value(cell).intValue.map(Int64.init)
    }
}

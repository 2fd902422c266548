/// The kinds of store RunKit reads.
public enum StoreKind: String, Sendable, Hashable, CaseIterable {
    case mlflowSQLite = "mlflow-sqlite"
    case mlflowFile = "mlflow-file"
    /// An MLXP log folder (`logs/<id>/metadata/…`).
    case mlxp = "mlxp"
    /// A malet experiment folder (`exp_config.yaml`, `log.tsv`, `log_splits/`) or one `.tsv` log.
    case malet = "malet"
    /// An MLflow tracking server read over its REST API (`http(s)://host:port`; RunKitRemote).
    case mlflowServer = "mlflow-server"
    /// MLflow's PostgreSQL backend read directly (`postgresql://…`; RunKitRemote).
    case mlflowPostgres = "mlflow-postgres"
}

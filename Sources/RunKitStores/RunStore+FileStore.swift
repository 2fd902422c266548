extension RunStore {
    /// Opens a legacy MLflow file store at its `mlruns` folder.
    static func openFileStore(_ path: String) throws -> any RunStoreReader {
        MLflowFileStore(mlrunsPath: path)
    }
}

import RunKitModel

extension RunStoreReader {
    /// `run` itself: its history is read lazily from the files it came from. Stores whose rows a
    /// writer can change between two reads answer with a fresh read (`MLflowSQLiteStore`).
    ///
    /// ```swift
    /// let shown = try store.snapshot(of: run)
    /// let history = try shown.history()
    /// ```
    public func snapshot(of run: Run) throws -> Run { run }
}

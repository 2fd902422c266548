extension RunStore {
    /// Opens the store at `location` and loads the selected runs in one call.
    ///
    /// ```swift
    /// let result = try RunStore.load("Examples/hydraflow-project", LoadOptions(experiments: .name("train")))
    /// for warning in result.warnings { print(warning) }
    /// let runs = result.collection            // a RunCollection
    /// ```
    public static func load(_ location: String?, _ options: LoadOptions = LoadOptions()) throws -> LoadResult {
        try open(location).loadRuns(options)
    }
}

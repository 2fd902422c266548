import RunKitSupport

extension IndexedStore {
    /// Throws `invalidArgument` when the index file would be written into the store it indexes
    /// (`RUNKIT_CACHE_DIR` pointing into it): RunKit never writes into a store it reads.
    /// `refresh()` runs this check itself, on the store's own files and folders.
    ///
    /// ```swift
    /// let store = try RunStore.open("project").indexed(at: IndexLocation(directory: "project/mlruns/cache"))
    /// try store.checkPlacement()   // throws: inside mlruns/, a folder of the store being read
    /// ```
    public func checkPlacement() throws {
        try checkPlacement(StoreFootprint(self))
    }

    /// `checkPlacement()` against a footprint that also holds the run folders a load found
    /// (`StoreFootprint.add(_:)`), as the CLI checks after loading.
    package func checkPlacement(_ footprint: StoreFootprint) throws {
        let index = indexFile
        guard let conflict = footprint.conflict(index) else { return }
        throw RunKitError(.invalidArgument, "The index \(index) would be written into the store (\(conflict)); set RUNKIT_CACHE_DIR to a folder outside it.", path: index)
    }
}

import RunKitSupport

extension IndexedStore {
    /// Throws `invalidArgument` when the index file would be written into the store it indexes
    /// (`RUNKIT_CACHE_DIR` pointing into it): RunKit never writes into a store it reads. `refresh()`
    /// checks the store's own files and folders; pass a footprint with the run folders a load
    /// found (`StoreFootprint.add(_:)`) to check those too.
    ///
    /// ```swift
    /// let store = try RunStore.open("project").indexed(at: IndexLocation(directory: "project/mlruns/cache"))
    /// try store.checkPlacement()   // throws: inside mlruns/, a folder of the store being read
    /// ```
    public func checkPlacement(_ footprint: StoreFootprint? = nil) throws {
        let index = indexFile
        guard let conflict = (footprint ?? StoreFootprint(self)).conflict(index) else { return }
        throw RunKitError(.invalidArgument, "The index \(index) would be written into the store (\(conflict)); set RUNKIT_CACHE_DIR to a folder outside it.", path: index)
    }
}

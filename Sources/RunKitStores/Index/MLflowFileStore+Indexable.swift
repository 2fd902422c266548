extension MLflowFileStore: IndexableStore {
    /// Each run folder checked against the index (`IndexedStore.refreshFolders`).
    func refresh(_ index: IndexDatabase?, by indexer: IndexedStore, trustedBefore: Int64) throws -> IndexRefresh {
        try indexer.refreshFolders(self, index: index, trustedBefore: trustedBefore)
    }
}

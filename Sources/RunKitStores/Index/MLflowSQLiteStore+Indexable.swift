extension MLflowSQLiteStore: IndexableStore {
    /// The database's fingerprint first; changed, its tables are queried again and only the
    /// configs that changed are read (`IndexedStore.refreshSQLite`).
    func refresh(_ index: IndexDatabase?, by indexer: IndexedStore, trustedBefore: Int64) throws -> IndexRefresh {
        try indexer.refreshSQLite(self, index: index, trustedBefore: trustedBefore)
    }
}

/// A store the index can serve (`IndexedStore`): it knows which of its files each run comes from,
/// so it can bring an index up to date by reading again only what changed. A new store kind joins
/// the index by conforming; a store that does not (a malet log, read in one pass) is loaded as it is.
///
/// ```swift
/// extension MLXPStore: IndexableStore {
///     func refresh(_ index: IndexDatabase?, by indexer: IndexedStore, trustedBefore: Int64) throws -> IndexRefresh {
///         try indexer.refreshFolders(self, index: index, trustedBefore: trustedBefore)
///     }
/// }
/// ```
protocol IndexableStore: RunStoreReader {
    /// Brings `index` (nil when it cannot be opened) up to date with the store and returns every
    /// run; files changed after `trustedBefore` (ns since the epoch) are not trusted to the index.
    func refresh(_ index: IndexDatabase?, by indexer: IndexedStore, trustedBefore: Int64) throws -> IndexRefresh
}

/// A `RunStamping` store whose runs are folders below one folder (MLflow's file store: `EXP/RUN`;
/// MLXP: `RUN`), so that a
/// watch on its folders (inotify) can say which run folders changed and only those are stamped
/// again, instead of walking the store.
///
/// ```swift
/// if let store = reader as? any FolderStamping {
///     let stamps = try store.runStamps(after: nil)
///     // … a watch saw a change in one run folder …
///     let now = store.runStamps(updating: stamps, runFolders: [store.stampedRoot + "/0/5cae461ef63e4408a9223926a42ac3ab"])
/// }
/// ```
package protocol FolderStamping: RunStamping {
    /// The folder holding the run folders, or their experiment folders (absolute, no trailing `/`).
    var stampedRoot: String { get }
    /// How many folders below `stampedRoot` a run folder is: 2 for MLflow (`EXP/RUN`), 1 for MLXP.
    var runFolderDepth: Int { get }
    /// True for a folder below `stampedRoot` (its path components) in which a change can move a
    /// run's stamp, or that holds run folders: what a watch (inotify) must watch.
    func isWatched(_ components: [String]) -> Bool
    /// `previous` with the run folders `runFolders` (absolute paths, `stampedRoot/EXP/RUN` or `stampedRoot/RUN`)
    /// stamped again; a folder gone leaves the stamps, a new one joins them.
    func runStamps(updating previous: RunStamps, runFolders: Set<String>) -> RunStamps
}

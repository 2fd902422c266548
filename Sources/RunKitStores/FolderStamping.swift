/// A `RunStamping` store whose runs are folders below one folder (MLflow's file store), so that a
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
    /// The folder holding the experiment folders (absolute, no trailing `/`).
    var stampedRoot: String { get }
    /// `previous` with the run folders `runFolders` (absolute paths, `stampedRoot/EXP/RUN`)
    /// stamped again; a folder gone leaves the stamps, a new one joins them.
    func runStamps(updating previous: RunStamps, runFolders: Set<String>) -> RunStamps
}

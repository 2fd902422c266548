#if canImport(Glibc)
import Glibc
#endif
import Foundation
@_spi(RunKitInternals) import RunKitSupport
import RunKit

/// Linux inotify watches over a `FolderStamping` store's folders (MLflow's file store, MLXP), so
/// that a poll knows which run folders changed without walking the store: the store's folder and
/// the folders the store says a change can matter in (`FolderStamping.isWatched`: MLflow's
/// experiment and run folders, `metrics/`, `params/`, `tags/` with their nested key folders,
/// `artifacts/` and `artifacts/.hydra/`; MLXP's run folders, `metadata/`, `metrics/` and
/// `artifacts/`). A folder created later is watched when its creation is seen. When watches run
/// out (`fs.inotify.max_user_watches`), the kernel's event queue overflows, or inotify is not
/// there (not Linux), `changes()` says `.unknown` and the caller walks the store (the bounded poll).
///
/// ```swift
/// let watch = FolderWatch(store: MLflowFileStore(mlrunsPath: "/data/mlruns"))
/// switch watch.changes() {
/// case .quiet: break                                 // nothing happened since the last call
/// case .runFolders(let folders): print(folders)      // re-stamp just these run folders
/// case .unknown: break                               // walk everything
/// }
/// ```
final class FolderWatch: Sendable {
    /// What happened since the last `changes()`.
    enum Changes: Equatable {
        case quiet
        /// The run folders (absolute paths) in which something changed, was created or removed.
        case runFolders(Set<String>)
        /// Something the watch cannot place (the store's or an experiment's own files, an
        /// overflow), or the watch is not working: look at everything.
        case unknown
    }

    private struct State {
        var descriptor: Int32
        /// Watch descriptor → the folder's path below the root, as components (`[]` is the root).
        var folders: [Int32: [String]] = [:]
        /// Set when a watch could not be added: the watch no longer sees everything.
        var broken = false
        /// The most watches this watch adds (nil: as many as the kernel allows).
        var limit: Int?
    }

    let root: String
    /// How many folders below `root` a run folder is (`FolderStamping.runFolderDepth`).
    let runDepth: Int
    /// True for the folders below `root` (as components) to watch (`FolderStamping.isWatched`).
    let watches: @Sendable ([String]) -> Bool
    private let state: Locked<State?>

    /// Starts watching `store`'s folders. The watch says `.unknown` for ever when it
    /// could not be set up whole, or later could not watch a new folder: after `maxWatches`
    /// watches (nil: half the kernel's `fs.inotify.max_user_watches`, leaving the rest to the
    /// user's other programs) as after the kernel's ENOSPC. Its watches are then given back at once.
    init(store: any FolderStamping, maxWatches: Int? = nil) {
        let root = store.stampedRoot
        self.root = root
        self.runDepth = store.runFolderDepth
        let watches: @Sendable ([String]) -> Bool = { [store] in store.isWatched($0) }
        self.watches = watches
        #if canImport(Glibc)
        let descriptor = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard descriptor >= 0 else {
            state = Locked(nil)
            return
        }
        let kernel = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_user_watches", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        var initial = State(descriptor: descriptor, limit: maxWatches ?? kernel.map { $0 / 2 })
        Self.watchTree([], in: root, watches: watches, state: &initial)
        if initial.broken {
            close(descriptor)
            state = Locked(nil)
            return
        }
        state = Locked(initial)
        #else
        state = Locked(nil)
        #endif
    }

    deinit {
        state.withLock { state in
            if let descriptor = state?.descriptor { close(descriptor) }
            state = nil
        }
    }

    /// True while the watch sees every change (set up, no watch refused, no overflow).
    var isWatching: Bool { state.withLock { $0.map { !$0.broken } ?? false } }

    #if canImport(Glibc)
    /// The events of the folder mask: anything written, created, removed, renamed or re-stat'ed.
    static let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
                             | IN_DELETE_SELF | IN_MOVE_SELF) | UInt32(IN_ONLYDIR)

    /// Watches the folder at `components` below `root`, then what below it is watched (see the type).
    private static func watchTree(_ components: [String], in root: String, watches: ([String]) -> Bool, state: inout State) {
        guard !state.broken else { return }
        let path = components.isEmpty ? root : root + "/" + components.joined(separator: "/")
        if let limit = state.limit, state.folders.count >= limit {
            state.broken = true
            return
        }
        let watch = inotify_add_watch(state.descriptor, path, mask)
        guard watch >= 0 else {
            if errno != ENOENT && errno != ENOTDIR { state.broken = true }   // ENOSPC: out of watches
            return
        }
        state.folders[watch] = components
        guard let entries = try? PosixFileSystem.entries(path) else { return }
        for entry in entries where entry.isDirectory && !entry.isSymbolicLink && watches(components + [entry.name]) {
            watchTree(components + [entry.name], in: root, watches: watches, state: &state)
        }
    }

    #endif

    /// The changes since the last call (drains the queue; never blocks).
    func changes() -> Changes {
        #if canImport(Glibc)
        let (root, runDepth, watches) = (self.root, self.runDepth, self.watches)
        return state.withLock { state -> Changes in
            guard state != nil, !state!.broken else { return .unknown }
            var folders: Set<String> = []
            var unknown = false
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(state!.descriptor, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                var offset = 0
                let header = MemoryLayout<inotify_event>.size
                while offset + header <= count {
                    let (watch, mask, length) = buffer.withUnsafeBytes { bytes -> (Int32, UInt32, Int) in
                        let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                        return (event.wd, event.mask, Int(event.len))
                    }
                    let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)]
                    let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                    offset += header + length
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                        unknown = true
                        continue
                    }
                    if mask & UInt32(IN_IGNORED) != 0 {
                        state!.folders[watch] = nil
                        continue
                    }
                    guard let components = state!.folders[watch] else { continue }
                    let target = name.isEmpty ? components : components + [name]
                    if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, watches(target) {
                        Self.watchTree(target, in: root, watches: watches, state: &state!)
                    }
                    // In a run folder, or a run folder itself: that run folder. The store's or an
                    // experiment's own files (an experiment's meta.yaml): the watch cannot place it.
                    let isFolder = mask & UInt32(IN_ISDIR) != 0
                    if target.count > runDepth || (target.count == runDepth && isFolder) {
                        folders.insert(root + "/" + target.prefix(runDepth).joined(separator: "/"))
                    } else {
                        unknown = true
                    }
                }
            }
            if state!.broken {
                close(state!.descriptor)   // the watches given back; walks from now on
                state = nil
                return .unknown
            }
            if unknown { return .unknown }
            return folders.isEmpty ? .quiet : .runFolders(folders)
        }
        #else
        return .unknown
        #endif
    }
}

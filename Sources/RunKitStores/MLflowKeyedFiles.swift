import RunKitSupport

/// The `params/`, `tags/` and `metrics/` folders of MLflow's file store: one file per key, a key
/// containing `/` being nested folders (`metrics/train/loss` is the key `train/loss`), a key with
/// spaces a plain file name.
///
/// The folders are walked as MLflow's `os.walk` walks them: a symbolic link to a folder is not
/// entered (so a link cannot loop, `metrics/loop -> .`, nor lead out, `tags/root -> /`). A linked
/// file is read only when it lies inside the run folder (`ConfinedFolder`). Each entry that cannot
/// be read is a warning naming it; every other key is still read.
enum MLflowKeyedFiles {
    /// One key and the file that holds it, relative to the run folder.
    struct Entry: Sendable {
        var key: String
        var path: String
    }

    /// Every key under `folder` (relative to `run`, walked recursively), sorted by key; empty when
    /// the folder does not exist. A subfolder that cannot be listed, a linked folder, or an entry
    /// that is neither a file nor a folder is left out with a warning naming it.
    static func list(_ run: ConfinedFolder, _ folder: String, warnings: inout [LoadWarning]) -> [Entry] {
        var result: [Entry] = []
        walk(run, folder, prefix: "", into: &result, warnings: &warnings)
        result.sort { $0.key < $1.key }
        return result
    }

    private static func walk(_ run: ConfinedFolder, _ folder: String, prefix: String,
                             into result: inout [Entry], warnings: inout [LoadWarning]) {
        let entries: [PosixFileSystem.Entry]
        do {
            guard let listed = try run.entries(folder) else { return }
            entries = listed
        } catch {
            warnings.append(LoadWarning.from(error, path: run.absolute(folder)))
            return
        }
        for entry in entries {
            let key = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            let path = folder + "/" + entry.name
            if entry.isDirectory && entry.isSymbolicLink {
                let shown = run.absolute(path)
                warnings.append(LoadWarning(path: shown, message: "\(shown) is a symbolic link to a folder, which MLflow does not enter; it was not read."))
            } else if entry.isDirectory {
                walk(run, path, prefix: key, into: &result, warnings: &warnings)
            } else if entry.isFile || entry.isSymbolicLink {
                // A link to a file, or to nothing: reading it says which (`ConfinedFolder`).
                result.append(Entry(key: key, path: path))
            } else {
                let shown = run.absolute(path)
                warnings.append(LoadWarning(path: shown, message: "\(shown) is not a regular file; it was not read."))
            }
        }
    }

    /// Every key's value (only those of `keys` when given: the folder is not even listed for
    /// none), the file content exactly as MLflow reads it (multi-line values, a final newline and
    /// empty values kept). Unreadable files are left out with a warning each. The listing and
    /// files a bound's check read (`reads`) are taken from there.
    static func readStrings(_ run: ConfinedFolder, _ folder: String, keys: Set<String>? = nil,
                            reads: MLflowBoundCheck.Reads? = nil, warnings: inout [LoadWarning]) -> [String: String] {
        if keys?.isEmpty == true { return [:] }
        let entries = reads?.listings[folder] ?? list(run, folder, warnings: &warnings)
        var values: [String: String] = [:]
        values.reserveCapacity(entries.count)
        for entry in entries where keys?.contains(entry.key) ?? true {
            if let text = reads?.texts[entry.path] {
                values[entry.key] = text
                continue
            }
            do {
                guard let bytes = try run.bytes(entry.path) else { continue }
                values[entry.key] = String(decoding: bytes, as: UTF8.self)
            } catch {
                warnings.append(LoadWarning.from(error, path: run.absolute(entry.path)))
            }
        }
        return values
    }
}

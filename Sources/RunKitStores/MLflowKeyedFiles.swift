import RunKitSupport

/// The `params/`, `tags/` and `metrics/` folders of MLflow's file store: one file per key, a key
/// containing `/` being nested folders (`metrics/train/loss` is the key `train/loss`), a key with
/// spaces a plain file name.
enum MLflowKeyedFiles {
    /// One key and the file that holds it.
    struct Entry: Sendable {
        var key: String
        var path: String
    }

    /// Every key under `folder` (walked recursively), sorted by key; empty when the folder does not exist.
    /// Throws `unreadableFile` naming the folder that could not be listed.
    static func list(_ folder: String) throws -> [Entry] {
        var result: [Entry] = []
        try walk(folder, prefix: "", into: &result)
        result.sort { $0.key < $1.key }
        return result
    }

    private static func walk(_ folder: String, prefix: String, into result: inout [Entry]) throws {
        guard let entries = try PosixFileSystem.entries(folder) else { return }
        for entry in entries {
            let key = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            let path = folder + "/" + entry.name
            if entry.isDirectory {
                try walk(path, prefix: key, into: &result)
            } else if entry.isFile {
                result.append(Entry(key: key, path: path))
            }
        }
    }

    /// Every key's value, the file content exactly as MLflow reads it (multi-line values, a final
    /// newline and empty values kept). Unreadable files are left out with a warning.
    static func readStrings(_ folder: String, warnings: inout [LoadWarning]) -> [String: String] {
        let entries: [Entry]
        do {
            entries = try list(folder)
        } catch {
            warnings.append(LoadWarning.from(error, path: folder))
            return [:]
        }
        var values: [String: String] = [:]
        values.reserveCapacity(entries.count)
        for entry in entries {
            do {
                guard let bytes = try PosixFileSystem.bytes(entry.path) else { continue }
                values[entry.key] = String(decoding: bytes, as: UTF8.self)
            } catch {
                warnings.append(LoadWarning.from(error, path: entry.path))
            }
        }
        return values
    }

}

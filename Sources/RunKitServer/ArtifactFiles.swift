@_spi(RunKitInternals) import RunKitSupport
import RunKit

/// A run's artifacts as the API serves them: a listing, or one file's bytes, read through
/// `ConfinedFolder` so no path (`..`, an absolute path, a symbolic link pointing out) leaves the
/// run's artifacts folder.
///
/// ```swift
/// try ArtifactFiles(run: run).respond(to: "")                        // {"artifacts_dir": …, "files": [{"path": …}]}
/// try ArtifactFiles(run: run).respond(to: ".hydra/config.yaml")      // the file, as text/plain
/// ```
struct ArtifactFiles {
    var run: Run
    /// The largest file served, in bytes.
    static let maxFileSize = 64 << 20

    func respond(to relative: String) throws -> APIResponse {
        guard let folderPath = run.info.artifactsDirectory, let folder = try ConfinedFolder(folderPath) else {
            if relative.isEmpty { return .json(["artifacts_dir": run.info.artifactsDirectory.map(ConfigValue.string) ?? .null, "files": []]) }
            throw DashboardError(.notFound, "Run \(run.id) has no artifacts folder.")
        }
        if relative.isEmpty { return .json(["artifacts_dir": .string(folderPath), "files": .list(try listing(folder))]) }
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.hasPrefix("/"), !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw DashboardError(.forbidden, "The artifact path '\(relative)' leaves the run's artifacts folder; only paths inside it are served.")
        }
        let bytes: [UInt8]?
        do {
            bytes = try folder.bytes(relative)
        } catch let error as RunKitError {
            throw DashboardError(.forbidden, error.description)
        }
        guard let bytes else { throw DashboardError(.notFound, "Run \(run.id) has no artifact '\(relative)'.") }
        guard bytes.count <= Self.maxFileSize else {
            throw DashboardError(.payloadTooLarge, "The artifact '\(relative)' is over \(Self.maxFileSize >> 20) MB; read it from \(folderPath).")
        }
        return APIResponse(contentType: Self.contentType(relative), body: bytes)
    }

    /// Every file below the folder (breadth first, at most `DashboardAPI.maxArtifacts`), linked
    /// folders not entered, as `{"path": …}`.
    func listing(_ folder: ConfinedFolder) throws -> [ConfigValue] {
        var files: [ConfigValue] = []
        var pending = [""]
        while !pending.isEmpty, files.count < DashboardAPI.maxArtifacts {
            let current = pending.removeFirst()
            for entry in (try folder.entries(current) ?? []).sorted(by: { $0.name < $1.name }) {
                let path = current.isEmpty ? entry.name : current + "/" + entry.name
                if entry.isDirectory {
                    if !entry.isSymbolicLink { pending.append(path) }
                } else if entry.isFile, files.count < DashboardAPI.maxArtifacts {
                    files.append(["path": .string(path)])
                }
            }
        }
        return files
    }

    /// Text for the formats runs write as text, images as themselves, bytes otherwise.
    static func contentType(_ path: String) -> String {
        let suffix = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch suffix {
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "svg": return "image/svg+xml"
        case "json": return "application/json; charset=utf-8"
        case "yaml", "yml", "txt", "log", "csv", "tsv", "md", "py", "out", "err": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}

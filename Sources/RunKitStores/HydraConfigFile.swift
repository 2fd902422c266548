import RunKitFormats
import RunKitModel
import RunKitSupport

/// The Hydra config HydraFlow logs with each run, at `<artifacts>/.hydra/config.yaml`;
/// read the same way by every MLflow store.
///
/// OmegaConf writes it with PyYAML, which ends every line with `\n`: an empty file, or one whose
/// last line has no newline, is still being written. Its run loads with an empty config and a
/// note saying so.
package enum HydraConfigFile {
    /// The file below the artifacts folder.
    package static let relativePath = ".hydra/config.yaml"

    /// The config in `artifactsDirectory`: an empty map when the run has none; when the file
    /// cannot be read or parsed, an empty map and a warning naming the file. With `sharing`, the
    /// tree shares its equal parts with the other configs of the load (`ConfigValueSharing`).
    ///
    /// With `needles` (`RunProjection.configTextNeedles`), a file with no backslash and none of
    /// them is not parsed: it cannot hold the keys asked for, and its run keeps an empty config.
    package static func read(artifactsDirectory: String, sharing: ConfigValueSharing? = nil,
                     needles: [[UInt8]]? = nil) -> (config: ConfigValue, warning: LoadWarning?) {
        let path = artifactsDirectory + "/" + relativePath
        let (config, warning) = parse(path: path, needles: needles) { try PosixFileSystem.bytes(path) }
        return (sharing?.share(config) ?? config, warning)
    }

    /// The config of a file-store run folder, read inside it (`ConfinedFolder`); with `sharing`, as
    /// `read(artifactsDirectory:sharing:)`.
    static func read(in run: ConfinedFolder, sharing: ConfigValueSharing? = nil,
                     needles: [[UInt8]]? = nil) -> (config: ConfigValue, warning: LoadWarning?) {
        let relative = "artifacts/" + relativePath
        let (config, warning) = parse(path: run.absolute(relative), needles: needles) { try run.bytes(relative) }
        return (sharing?.share(config) ?? config, warning)
    }

    package static func parse(path: String, needles: [[UInt8]]? = nil,
                              bytes read: () throws -> [UInt8]?) -> (config: ConfigValue, warning: LoadWarning?) {
        do {
            guard let bytes = try read() else { return (.map([:]), nil) }
            guard bytes.last == UInt8(ascii: "\n") else {
                return (.map([:]), LoadWarning(path: path, message: "\(path) is still being written (\(bytes.isEmpty ? "it is empty" : "its last line has no newline yet")); the run's config was left empty.", kind: bytes.isEmpty ? .damage : .note))
            }
            if let needles, !mayHold(needles, bytes) { return (.map([:]), nil) }
            let config = try YAMLReader.parse(String(decoding: bytes, as: UTF8.self), file: path)
            return (config.isNull ? .map([:]) : config, nil)
        } catch {
            var warning = LoadWarning.from(error, path: path)
            warning.message += " The run's config was left empty."
            return (.map([:]), warning)
        }
    }

    /// Whether YAML text `bytes` may spell one of `needles` (`RunProjection.configTextNeedles`):
    /// it holds a backslash (an escape could spell anything) or one of them.
    static func mayHold(_ needles: [[UInt8]], _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { text in
            if text.contains(UInt8(ascii: "\\")) { return true }
            return needles.contains { needle in
                guard let first = needle.first, needle.count <= text.count else { return needle.isEmpty }
                var start = 0
                let last = text.count - needle.count
                while start <= last {
                    if text[start] == first, needle.indices.allSatisfy({ text[start + $0] == needle[$0] }) { return true }
                    start += 1
                }
                return false
            }
        }
    }
}

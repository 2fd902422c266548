/// What an MLflow SQLite run takes from outside the database: its artifacts folder (found by
/// `MLflowSQLiteStore.resolveArtifacts`) and HydraFlow's `config.yaml` in it. The index keeps it
/// per run; the folder's existence and the file's signature must both be unchanged.
///
/// ```swift
/// let print = ConfigFingerprint.of(artifactsDirectory: run.info.artifactsDirectory)
/// let current = print.isCurrent
/// ```
struct ConfigFingerprint: Sendable, Equatable {
    /// The artifacts folder, "" when the run has none.
    var artifactsDirectory: String
    var folderKind: FileSignature.Kind
    var config: FileSignature

    /// The fingerprint now; `config` may be given when it was taken already. The store resolved
    /// `artifactsDirectory` to a folder that exists, so its kind is not asked again.
    static func of(artifactsDirectory: String?, config: FileSignature? = nil) -> ConfigFingerprint {
        guard let directory = artifactsDirectory else {
            return ConfigFingerprint(artifactsDirectory: "", folderKind: .missing, config: .missing)
        }
        return ConfigFingerprint(artifactsDirectory: directory, folderKind: .directory,
                                 config: config ?? FileSignature.of(configPath(directory)))
    }

    static func configPath(_ artifactsDirectory: String) -> String { artifactsDirectory + "/.hydra/config.yaml" }

    /// True when the config file kept its signature and the folder still exists as it did (a
    /// config that is still there proves its folder is: one `stat` for most runs). Paths below
    /// `root` are looked up relative to it.
    func isCurrent(below root: OpenFolder?) -> Bool {
        guard !artifactsDirectory.isEmpty else { return true }
        func signature(_ path: String) -> FileSignature { root?.signature(of: path) ?? FileSignature.of(path) }
        guard signature(Self.configPath(artifactsDirectory)) == config else { return false }
        return config.kind != .missing || signature(artifactsDirectory).kind == folderKind
    }

    var bytes: [UInt8] {
        var writer = ByteWriter(capacity: artifactsDirectory.utf8.count + 48)
        writer.write(artifactsDirectory)
        writer.write(folderKind.rawValue)
        config.write(into: &writer)
        return writer.bytes
    }

    init(artifactsDirectory: String, folderKind: FileSignature.Kind, config: FileSignature) {
        self.artifactsDirectory = artifactsDirectory
        self.folderKind = folderKind
        self.config = config
    }

    /// Reads what `bytes` wrote.
    init(bytes: UnsafeRawBufferPointer) throws {
        var reader = ByteReader(bytes)
        artifactsDirectory = try reader.string()
        guard let kind = FileSignature.Kind(rawValue: try reader.byte()) else { throw ByteReader.Truncated() }
        folderKind = kind
        config = try FileSignature.read(&reader)
        guard reader.isAtEnd else { throw ByteReader.Truncated() }
    }
}

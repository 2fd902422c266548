/// One experiment folder of MLflow's file store: `mlruns/<id>/` or, once deleted, `mlruns/.trash/<id>/`,
/// with its `meta.yaml` and `tags/`.
struct MLflowExperimentFolder: Sendable {
    var experiment: Experiment
    /// The folder holding the experiment's run folders.
    var folder: String
    /// Problems met reading the experiment's tags.
    var warnings: [LoadWarning] = []

    /// Folders inside an experiment folder that are not runs.
    static let reservedFolders: Set<String> = ["tags", "datasets", "traces", "models"]

    /// Reads `<folder>/meta.yaml` and `<folder>/tags/` (inside the folder: `ConfinedFolder`); nil
    /// when the folder has no `meta.yaml`. An experiment in `.trash` is deleted whatever its meta
    /// says. Throws `malformedFile` or `unreadableFile` naming the file; an empty `meta.yaml`, or
    /// one without its last newline, is an experiment still being created (`malformedFile` too).
    static func read(folder: String, id: String, inTrash: Bool) throws -> MLflowExperimentFolder? {
        let metaPath = folder + "/meta.yaml"
        guard let access = try ConfinedFolder(folder), let bytes = try access.bytes("meta.yaml") else { return nil }
        guard bytes.last == UInt8(ascii: "\n") else {
            let state = bytes.isEmpty ? "is empty" : "has no newline at its end yet"
            throw RunKitError(.malformedFile, "\(metaPath) \(state): the experiment is still being created.", path: metaPath)
        }
        let meta = try MLflowMetaFile.parse(bytes, path: metaPath)
        let recordedID = MLflowMetaFile.text(meta["experiment_id"]) ?? id
        guard recordedID == id else {
            throw RunKitError(.malformedFile, "\(metaPath) records experiment_id \(recordedID) but lies in the folder of experiment \(id) (MLflow ignores such experiments).", path: metaPath)
        }
        var warnings: [LoadWarning] = []
        let tags = MLflowKeyedFiles.readStrings(access, "tags", warnings: &warnings)
        let stage = inTrash ? "deleted" : (MLflowMetaFile.text(meta["lifecycle_stage"]) ?? "active")
        let experiment = Experiment(
            id: id,
            name: MLflowMetaFile.text(meta["name"]) ?? id,
            lifecycleStage: stage,
            artifactLocation: MLflowMetaFile.text(meta["artifact_location"]),
            creationTime: MLflowMetaFile.int64(meta["creation_time"]),
            lastUpdateTime: MLflowMetaFile.int64(meta["last_update_time"]),
            tags: tags)
        return MLflowExperimentFolder(experiment: experiment, folder: folder, warnings: warnings)
    }

    init(experiment: Experiment, folder: String, warnings: [LoadWarning] = []) {
        self.experiment = experiment
        self.folder = folder
        self.warnings = warnings
    }

    /// A run folder's name as MLflow makes them: 32 lowercase hex digits (a UUID without dashes).
    static func looksLikeRunID(_ name: String) -> Bool {
        name.utf8.count == 32 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

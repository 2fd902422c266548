import OrderedCollections

/// An experiment of a store (MLflow experiment, MLXP log folder, malet experiment).
public struct Experiment: Sendable, Hashable {
    public var id: String
    public var name: String
    /// `active` or `deleted`.
    public var lifecycleStage: String
    /// As the store recorded it (may be a stale absolute path or `file://` URI).
    public var artifactLocation: String?
    public var creationTime: Int64?
    public var lastUpdateTime: Int64?
    public var tags: [String: String]

    public init(id: String, name: String, lifecycleStage: String = "active", artifactLocation: String? = nil,
                creationTime: Int64? = nil, lastUpdateTime: Int64? = nil, tags: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.lifecycleStage = lifecycleStage
        self.artifactLocation = artifactLocation
        self.creationTime = creationTime
        self.lastUpdateTime = lastUpdateTime
        self.tags = tags
    }
}

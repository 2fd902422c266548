/// Which of a run's field storages a field is read from: its config tree, metrics, params or
/// tags. A loop over many runs warms it for the next run (`Run.warm(_:)`) while it reads the
/// current one.
///
/// ```swift
/// FieldNamespaces(try QueryField("metrics.loss"))   // .metrics
/// ```
struct FieldNamespaces: OptionSet, Sendable {
    let rawValue: UInt8

    static let config = FieldNamespaces(rawValue: 1)
    static let metrics = FieldNamespaces(rawValue: 2)
    static let params = FieldNamespaces(rawValue: 4)
    static let tags = FieldNamespaces(rawValue: 8)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The storage `field` is read from first: a bare key's config (where most are found), none
    /// for `info.`/`history.` keys (the run object itself is read anyway).
    init(_ field: QueryField) {
        switch field.key.namespace {
        case .config, .bare: self = .config
        case .metrics: self = .metrics
        case .params: self = .params
        case .tags: self = .tags
        case .history, .info: self = []
        }
    }
}

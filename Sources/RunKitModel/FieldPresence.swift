/// 32 bits per namespace and run saying which names its config root, metrics, params and tags may hold:
/// one bit per name hash, set at init. A clear bit means the name is certainly absent, so a query
/// skips that lookup (on 100,000 runs each lookup is a cache miss per run); a set bit means look.
///
/// ```swift
/// let bits = FieldPresence.Bits(name: "optimizer.lr", configPaths: [["optimizer", "lr"]])
/// run.presence.mayHave(bits, in: .params)   // false: the run has no such param
/// ```
struct FieldPresence: Sendable {
    private let config: UInt32
    private let metrics: UInt32
    private let params: UInt32
    private let tags: UInt32

    init(config: ConfigValue, params: [String: String], metrics: [String: Double],
         metricValues: [String: ConfigValue], tags: [String: String]) {
        self.config = Self.mask(config)
        self.metrics = Self.mask(metrics.keys) | Self.mask(metricValues.keys)
        self.params = Self.mask(params.keys)
        self.tags = Self.mask(tags.keys)
    }

    /// The bits of a run whose params, metrics and tags are at `row` of its load's layout.
    init(config: ConfigValue, row: RunFieldColumns.Row) {
        self.config = Self.mask(config)
        (params, metrics, tags) = row.columns.presence(at: row.index)
    }

    /// What a field's name sets: its own bit, and for config each first-level name its paths may
    /// find (`a`, `a.b`, … since a map key may hold dots).
    struct Bits: Sendable, Hashable {
        let name: UInt32
        let config: UInt32

        init(name: String, configPaths: [[String]]) {
            self.name = FieldPresence.bit(name)
            var config: UInt32 = 0
            for path in configPaths {
                guard let first = path.first else { config = ~0; continue }
                var prefix = first
                config |= FieldPresence.bit(prefix)
                for component in path.dropFirst() {
                    prefix += "." + component
                    config |= FieldPresence.bit(prefix)
                }
            }
            self.config = config
        }
    }

    /// False when the namespace certainly lacks the field (`.bare` and `.info` always look).
    func mayHave(_ bits: Bits, in namespace: FieldKey.Namespace) -> Bool {
        switch namespace {
        case .config: return config & bits.config != 0
        case .metrics: return metrics & bits.name != 0
        case .params: return params & bits.name != 0
        case .tags: return tags & bits.name != 0
        case .bare, .history, .info: return true
        }
    }

    /// The config root's names; every bit for a root that is not a map.
    private static func mask(_ config: ConfigValue) -> UInt32 {
        if case .map(let map) = config { return mask(map.keys) }
        return ~0
    }

    private static func mask<S: Sequence>(_ names: S) -> UInt32 where S.Element == String {
        names.reduce(0) { $0 | bit($1) }
    }

    /// One of 32 bits, from the name's length and its first and last bytes (cheap to compute for
    /// every key of every run at load). Every bit for a name that is not ASCII: Swift compares
    /// names by canonical equivalence, so it may be spelled otherwise (`K` as U+212A KELVIN SIGN,
    /// `é` composed or not), with other bytes.
    static func bit(_ name: String) -> UInt32 {
        let utf8 = name.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return ~0 }
        let hash = utf8.count &* 0x9E3779B1 &+ Int(utf8.first ?? 0) &* 0x85EBCA77 &+ Int(utf8.last ?? 0) &* 0xC2B2AE3D
        return 1 << UInt32((hash >> 7) & 31)
    }
}

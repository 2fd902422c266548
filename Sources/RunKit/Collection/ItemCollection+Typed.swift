extension ItemCollection where Element == Run {
    /// The runs with their configs decoded as `Config` (`Run.decodeConfig(as:)`), each run's config
    /// decoded once and kept with the run. Keys still work (`sorted(by: "optimizer.lr")`). Throws
    /// `typeMismatch` naming the first run whose config does not decode.
    ///
    /// ```swift
    /// struct Optimizer: Decodable, Sendable { var lr: Double }
    /// struct Config: Decodable, Sendable { var optimizer: Optimizer; var seed: Int }
    /// let fast = try runs.typed(Config.self).filter { $0.config.optimizer.lr >= 0.1 }
    /// ```
    public func typed<Config: Decodable & Sendable>(_ type: Config.Type = Config.self) throws -> ItemCollection<TypedRun<Config>> {
        let typed = try storage.map { run in
            let decoded = try run.implementation(of: DecodedConfig<Config>.self) {
                DecodedConfig(value: try run.decodeConfig(as: Config.self))
            }
            return TypedRun(run: run, config: decoded.value)
        }
        return ItemCollection<TypedRun<Config>>(typed)
    }
}

extension ItemCollection where Element: RunConvertible {
    /// Makes a collection of run-backed elements, looking keys up in their runs.
    ///
    /// ```swift
    /// let typed = ItemCollection(runs.map { TypedRun(run: $0, config: try $0.decodeConfig(as: Config.self)) })
    /// ```
    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init(elements, fieldNames: { $0.run.fieldNames() }, lookup: { $0.run.value(for: $1) })
    }

    /// The plain runs, in the same order.
    ///
    /// ```swift
    /// let plain: RunCollection = try runs.typed(Config.self).filter { $0.config.seed == 1 }.runs
    /// ```
    public var runs: RunCollection { RunCollection(storage.map(\.run)) }
}

/// The cache slot for a run's config decoded as `Config` (a distinct type per `Config`, so it
/// never collides with a user's own `Run.implementation`).
private struct DecodedConfig<Config> {
    let value: Config
}

/// A run with its config decoded into your own `Decodable` type, so filters are checked by the
/// compiler: `runs.typed(Config.self).filter { $0.config.model.type == "mlp" }`.
///
/// ```swift
/// struct Model: Decodable, Sendable { var type: String; var hidden_size: Int }
/// struct Config: Decodable, Sendable { var model: Model; var seed: Int }
/// let mlps = try runs.typed(Config.self).filter { $0.config.model.type == "mlp" }
/// let sizes = mlps.map(\.config.model.hidden_size)
/// ```
public struct TypedRun<Config: Decodable & Sendable>: RunConvertible {
    /// The run: `typed.run.metrics["loss"]`.
    public let run: Run
    /// The run's config, decoded once: `typed.config.model.type`.
    public let config: Config

    /// Pairs a run with its decoded config.
    ///
    /// ```swift
    /// let typed = TypedRun(run: run, config: try run.decodeConfig(as: Config.self))
    /// ```
    public init(run: Run, config: Config) {
        self.run = run
        self.config = config
    }

    /// The run id: `typed.id == typed.run.info.runID`.
    public var id: String { run.id }
}

extension TypedRun: CustomStringConvertible {
    /// The run's description: `Run(<id>, <name>)`.
    public var description: String { run.description }
}

import Foundation
@_spi(RunKitInternals) import RunKitSupport

extension Run {
    /// Decodes the config tree into your own `Decodable` type (field names as in the YAML),
    /// straight from the tree (`ConfigValueDecoder`: what `JSONDecoder` accepts).
    ///
    /// ```swift
    /// struct Model: Decodable { var type: String; var hidden_size: Int }
    /// struct Config: Decodable { var model: Model; var seed: Int }
    /// let config = try run.decodeConfig(as: Config.self)
    /// ```
    public func decodeConfig<T: Decodable>(as type: T.Type = T.self) throws -> T {
        do {
            return try ConfigValueDecoder(config).decode(T.self)
        } catch let error as DecodingError {
            throw RunKitError(.typeMismatch, "The config of run \(info.runID) does not decode as \(T.self): \(Self.describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing key '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'"
        case .typeMismatch(let type, let context): return "'\(path(context))' is not \(type)"
        case .valueNotFound(let type, let context): return "'\(path(context))' is null, expected \(type)"
        case .dataCorrupted(let context): return "'\(path(context))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// An object built from the run's artifacts folder and config, made on first use per run and
    /// type and then kept (HydraFlow's `impl`; asked at the very same moment from two threads, it
    /// may be made twice and the first kept). It is never made just to look a key up.
    ///
    /// ```swift
    /// struct Model { init(artifacts: URL?, config: ConfigValue) { … } }
    /// let model = run.implementation(Model.self) { Model(artifacts: $0, config: $1) }
    /// ```
    public func implementation<T>(_ type: T.Type = T.self, make: (URL?, ConfigValue) throws -> T) rethrows -> T {
        try implementation(of: type) { try make(artifactsDirectory, config) }
    }
}

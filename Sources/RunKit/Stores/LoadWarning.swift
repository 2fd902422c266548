/// A problem met while loading that did not stop the load: a corrupt run was skipped or
/// part of it was left out. `message` is one sentence naming the file.
public struct LoadWarning: Sendable, Hashable, CustomStringConvertible {
    /// The file at fault.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { message }

    /// A warning for an error met reading `path`: a `RunKitError` keeps its sentence, anything
    /// else becomes "Cannot read PATH: …".
    static func from(_ error: Error, path: String) -> LoadWarning {
        if let error = error as? RunKitError { return LoadWarning(path: error.path ?? path, message: error.message) }
        return LoadWarning(path: path, message: "Cannot read \(path): \(error).")
    }
}

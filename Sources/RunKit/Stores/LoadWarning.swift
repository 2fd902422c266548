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
}

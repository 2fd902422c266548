import RunKitSupport

/// A problem met while loading that did not stop the load: a corrupt run was skipped or part of
/// it was left out (`.damage`), or a folder the writing tool itself leaves out by design was
/// passed over (`.note`: MLXP's job that was queued but never started, a bare MLXP logger
/// folder). `message` is one sentence naming the file.
///
/// ```swift
/// let result = try RunStore.load("logs")
/// for warning in result.warnings where warning.kind == .damage { print(warning) }
/// if result.skippedDamage { exit(2) }
/// ```
public struct LoadWarning: Sendable, Hashable, CustomStringConvertible {
    /// Whether something the store holds was lost to damage, or left out as its tool means it.
    public enum Kind: String, Sendable, Hashable {
        /// Damaged data was skipped: the answer is incomplete (`runkit` exits 2).
        case damage
        /// Left out by design, as the writing tool's own reader leaves it out: nothing was lost
        /// (`runkit` prints a note and exits 0).
        case note
    }

    /// The file at fault.
    public var path: String
    public var message: String
    public var kind: Kind

    /// A warning about damaged data that was skipped (kind `.damage`).
    public init(path: String, message: String) {
        self.init(path: path, message: message, kind: .damage)
    }

    public init(path: String, message: String, kind: Kind) {
        self.path = path
        self.message = message
        self.kind = kind
    }

    /// A note about something the writing tool leaves out by design (kind `.note`).
    ///
    /// ```swift
    /// LoadWarning.note(path: "logs/23/metadata", message: "logs/23 holds no run MLXP would read; it was passed over.")
    /// ```
    public static func note(path: String, message: String) -> LoadWarning {
        LoadWarning(path: path, message: message, kind: .note)
    }

    /// True for damaged data that was skipped.
    public var isDamage: Bool { kind == .damage }

    public var description: String { message }

    /// A warning for an error met reading `path`: a `RunKitError` keeps its sentence, anything
    /// else becomes "Cannot read PATH: …".
    static func from(_ error: Error, path: String) -> LoadWarning {
        if let error = error as? RunKitError { return LoadWarning(path: error.path ?? path, message: error.description) }
        return LoadWarning(path: path, message: "Cannot read \(path): \(error).")
    }
}

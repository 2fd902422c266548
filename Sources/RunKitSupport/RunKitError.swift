/// An error of RunKit: one sentence naming the file, key or position at fault.
///
/// Match on `kind` to react to a particular failure:
/// ```swift
/// do { _ = try run.get("model.typo") }
/// catch let error as RunKitError where error.kind == .keyNotFound { print(error) }
/// ```
public struct RunKitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for pattern matching.
    public enum Kind: Sendable, Hashable {
        case keyNotFound
        case runNotFound
        case noMatch
        case multipleMatches
        case storeNotFound
        /// A database that a writer kept locked for longer than RunKit waits (`RUNKIT_BUSY_TIMEOUT`).
        case storeBusy
        case unknownStoreKind
        case unreadableFile
        case malformedFile
        case typeMismatch
        case invalidArgument
        /// A query (`--where`) or order-by that does not parse; `offset` says where.
        case invalidQuery
    }

    public var kind: Kind
    /// The sentence shown to the user.
    public var message: String
    /// The file at fault, when there is one.
    public var path: String?
    /// For `invalidQuery`: the offset, in characters, of the position at fault in the query.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, path: String? = nil, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.offset = offset
    }

    public var description: String { message }
}

extension RunKitError {
    package static func keyNotFound(_ key: String, candidates: some Sequence<String>) -> RunKitError {
        let close = Suggestions.closest(to: key, among: candidates)
        var message = "No such key: \(key)"
        if !close.isEmpty { message += " (did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?)" }
        return RunKitError(.keyNotFound, message)
    }
}

/// An error of RunKit: what went wrong (`kind`), what it is about as typed data (`details`:
/// the key and its closest spellings, the query and position, the count of matches…), and
/// the file at fault. The sentence naming the file, key or position is made when the error
/// is shown (`description`).
///
/// Match on `kind` to react to a kind of failure, on `details` to use its data:
/// ```swift
/// do { _ = try run.value(of: "model.typo") }
/// catch let error as RunKitError {
///     if case .keyNotFound(let key, let candidates) = error.details { print(key, candidates) }
///     print(error)   // No such key: model.typo (did you mean 'model.type'?)
/// }
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

    /// What the error is about, as data; the sentence is made from it when shown.
    public enum Details: Sendable, Hashable {
        /// A key that no item has: the key, and the closest keys that exist (best first, at most three).
        case keyNotFound(key: String, candidates: [String])
        /// A key one item lacks while others have it (give a default).
        case keyMissing(key: String, item: String)
        /// No item matches the criteria.
        case noMatch
        /// Several items (`count`) match criteria that should pick one.
        case multipleMatches(count: Int)
        /// No run has the id (or id prefix) in the store; the closest ids and run names.
        case runNotFound(id: String, store: String, candidates: [String])
        /// An id prefix that several runs of the store share (`matches`: their ids).
        case ambiguousRunID(prefix: String, store: String, matches: [String])
        /// A name or glob that selects no experiment: the closest names, and every name the store has.
        case experimentNotFound(pattern: String, candidates: [String], experiments: [String])
        /// A query that does not parse: the query, what was expected at `RunKitError.offset`.
        case invalidQuery(query: String, reason: String)
        /// Any other failure: its sentence, naming the file, key or value at fault.
        case sentence(String)
    }

    public var kind: Kind
    /// The data of the error.
    public var details: Details
    /// The file at fault, when there is one.
    public var path: String?
    /// For `invalidQuery`: the offset, in characters, of the position at fault in the query.
    public var offset: Int?

    /// An error described by one sentence.
    ///
    /// ```swift
    /// throw RunKitError(.invalidArgument, "--jobs must be at least 1.")
    /// ```
    public init(_ kind: Kind, _ sentence: String, path: String? = nil, offset: Int? = nil) {
        self.init(kind, details: .sentence(sentence), path: path, offset: offset)
    }

    /// An error of typed details; the kind follows from them (`.sentence` is `invalidArgument`).
    ///
    /// ```swift
    /// throw RunKitError(.multipleMatches(count: 2))
    /// ```
    public init(_ details: Details, path: String? = nil, offset: Int? = nil) {
        let kind: Kind = switch details {
        case .keyNotFound, .keyMissing: .keyNotFound
        case .noMatch, .experimentNotFound: .noMatch
        case .multipleMatches, .ambiguousRunID: .multipleMatches
        case .runNotFound: .runNotFound
        case .invalidQuery: .invalidQuery
        case .sentence: .invalidArgument
        }
        self.init(kind, details: details, path: path, offset: offset)
    }

    /// An error of a kind with typed details.
    public init(_ kind: Kind, details: Details, path: String? = nil, offset: Int? = nil) {
        self.kind = kind
        self.details = details
        self.path = path
        self.offset = offset
    }
}

extension RunKitError {
    /// A `keyNotFound` error for `key`, suggesting the closest of `candidates`.
    package static func keyNotFound(_ key: String, candidates: some Sequence<String>) -> RunKitError {
        RunKitError(.keyNotFound(key: key, candidates: Suggestions.closest(to: key, among: candidates)))
    }
}

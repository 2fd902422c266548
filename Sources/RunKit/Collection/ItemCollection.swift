/// An ordered, immutable collection of any elements whose fields are looked up by dotted key,
/// with HydraFlow's `Collection` API in Swift's words: `filter`/`exclude`, `sorted(by:)`,
/// `single(matching:)`/`singleIfPresent(matching:)`/`first(matching:)`/`last(matching:)`,
/// `values(of:)`, `uniqueValues(of:)`, `grouped(by:)`, `rows`. `RunCollection` is the one for `Run`s.
///
/// Give it a `lookup` closure that finds a key in an element, and it works for your own types:
///
/// ```swift
/// struct Trial: Sendable { var name: String; var score: Double }
/// let trials = ItemCollection([Trial(name: "a", score: 0.9), Trial(name: "b", score: 0.7)]) { trial, key in
///     switch key {
///     case "name": return .string(trial.name)
///     case "score": return .double(trial.score)
///     default: return nil
///     }
/// }
/// let best = try trials.sorted(by: "score", reverse: true).first()
/// ```
///
/// It is a `RandomAccessCollection`: `count`, `for … in`, `c[0]`, and `c[1..<3]`, which is again an
/// `ItemCollection`. Like an `ArraySlice`, a slice keeps its base's indices (`c[1..<3].startIndex == 1`);
/// every other operation returns a collection indexed from 0.
///
/// Where RunKit differs from HydraFlow 0.23, on purpose:
/// - A key that *no* element has is an error (`keyNotFound`, "No such key: K", with suggestions);
///   an element that lacks a key some others have simply does not match (HydraFlow raises for any
///   missing key).
/// - Ranges and `<`/`>` against a null or another kind of value do not match (HydraFlow: `TypeError`).
/// - Sorting puts NaN, then nulls, then missing values last in both directions (HydraFlow: `TypeError`);
///   `uniqueValues(of:)` sorts nulls last and accepts lists of different lengths (HydraFlow: `TypeError`/`ValueError`).
/// - `singleIfPresent(matching:)` returns the single match even when it is "falsy".
public struct ItemCollection<Element: Sendable>: Sendable {
    /// Finds a key in an element: nil when the element has no such key, `.null` for a stored null.
    public typealias Lookup = @Sendable (Element, String) -> ConfigValue?
    /// Lists the keys an element has, for "did you mean" suggestions in errors.
    public typealias FieldNames = @Sendable (Element) -> [String]

    var storage: ArraySlice<Element>
    /// How a key is looked up in an element (for runs, `Run.value(for:)`):
    /// `runs.lookup(runs[0], "model.type")`.
    public let lookup: Lookup
    let fieldNames: FieldNames?
    /// How fields of many elements are read at once (runs: `RunColumnSource`, the load's layout
    /// and a comparison at a time); nil to read element by element with `lookup`. Every bulk read
    /// goes through `source(_:)`, so generic callers get it too.
    let columnSource: (any ColumnSource<Element>)?

    /// Makes a collection of `elements`, looking keys up with `lookup`; `fieldNames`, when given,
    /// lists an element's keys so a misspelt key gets suggestions.
    ///
    /// ```swift
    /// let points = ItemCollection([["x": 1], ["x": 2]] as [ConfigValue]) { $0.value(at: $1) }
    /// ```
    public init<S: Sequence>(_ elements: S, fieldNames: FieldNames? = nil, lookup: @escaping Lookup)
    where S.Element == Element {
        self.storage = ArraySlice(elements)
        self.lookup = lookup
        self.fieldNames = fieldNames
        self.columnSource = nil
    }

    init(storage: ArraySlice<Element>, fieldNames: FieldNames?, lookup: @escaping Lookup,
         columnSource: (any ColumnSource<Element>)?) {
        self.storage = storage
        self.lookup = lookup
        self.fieldNames = fieldNames
        self.columnSource = columnSource
    }

    /// A collection of other elements with the same lookup, indexed from 0.
    func replacing<S: Sequence>(with elements: S) -> ItemCollection where S.Element == Element {
        ItemCollection(storage: ArraySlice(elements), fieldNames: fieldNames, lookup: lookup, columnSource: columnSource)
    }

    /// The elements as an array.
    ///
    /// ```swift
    /// let array: [Run] = runs.elements
    /// ```
    public var elements: [Element] { Array(storage) }

    /// The value of `key` in `element`, as this collection looks it up.
    ///
    /// ```swift
    /// runs.value(of: runs[0], for: "model.type")   // .string("cnn")
    /// ```
    public func value(of element: Element, for key: String) -> ConfigValue? {
        lookup(element, key)
    }

    /// The error for a key that is missing, with suggestions from the keys of the first elements.
    func keyNotFound(_ key: String) -> RunKitError {
        var candidates: [String] = []
        var seen = Set<String>()
        for element in storage.prefix(100) {
            for name in fieldNames?(element) ?? [] where seen.insert(name).inserted { candidates.append(name) }
        }
        return RunKitError.keyNotFound(key, candidates: candidates)
    }

    /// Throws `keyNotFound` for the first of `keys` that no element has (an empty collection has every key).
    func requireKeys<S: Sequence>(_ keys: S) throws where S.Element == String {
        guard !storage.isEmpty else { return }
        var checked = Set<String>()
        for key in keys where checked.insert(key).inserted {
            if !storage.contains(where: { lookup($0, key) != nil }) { throw keyNotFound(key) }
        }
    }
}

extension ItemCollection: RandomAccessCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>
    public typealias SubSequence = ItemCollection<Element>
    public typealias Iterator = IndexingIterator<ArraySlice<Element>>

    /// The first index: 0, except in a slice (`runs[2..<4].startIndex == 2`).
    public var startIndex: Int { storage.startIndex }
    /// One past the last index.
    public var endIndex: Int { storage.endIndex }
    /// The valid indices: `for i in runs.indices { … }`.
    public var indices: Range<Int> { storage.indices }
    /// The number of elements: `runs.count`.
    public var count: Int { storage.count }
    /// True when there are no elements: `runs.isEmpty`.
    public var isEmpty: Bool { storage.isEmpty }

    /// Iterates the elements in order: `for run in runs { … }`.
    public func makeIterator() -> Iterator { storage.makeIterator() }

    /// The element at `position`: `runs[0]`.
    public subscript(position: Int) -> Element { storage[position] }

    /// The elements in `bounds`, as a collection with the same lookup: `runs[1..<3]`.
    public subscript(bounds: Range<Int>) -> ItemCollection {
        ItemCollection(storage: storage[bounds], fieldNames: fieldNames, lookup: lookup, columnSource: columnSource)
    }

    /// The index after `i`: `runs.index(after: 0) == 1`.
    public func index(after i: Int) -> Int { i + 1 }
    /// The index before `i`: `runs.index(before: 1) == 0`.
    public func index(before i: Int) -> Int { i - 1 }
}

extension ItemCollection: CustomStringConvertible {
    /// `ItemCollection<Run>(n=13)`, as HydraFlow's `RunCollection(Run, n=13)`.
    public var description: String { "ItemCollection<\(Element.self)>(n=\(count))" }
}

@_spi(RunKitInternals) import RunKitSupport

/// How a collection reads fields of many of its elements at once: each field of many elements in
/// a tight loop, and the elements a query keeps. A collection holds one and every bulk read
/// (`filter(where:)`, `sorted(orderBy:)`, grouping keys, table columns, `columnValues`) goes through
/// it, so a generic caller gets the same reads as a concrete one. Runs read through
/// `RunColumnSource` (their load's by-field layout where it has one); the defaults here read
/// element by element with `value(of:in:)`. Every requirement answers exactly what
/// `value(of:in:)` answers element by element.
///
/// ```swift
/// let source = RunColumnSource()
/// let losses = source.values(of: [try QueryField("metrics.loss")], in: runs[...])[0]
/// let kept = source.positions(matching: try Query("metrics.loss < 0.5"), among: Array(runs.indices), in: runs[...], like: .sql)
/// ```
package protocol ColumnSource<Element>: Sendable {
    associatedtype Element: Sendable

    /// The value of `field` in `element`, nil when it has none.
    func value(of field: QueryField, in element: Element) -> ConfigValue?

    /// The values of `fields` in every element, `values[f][i]` for field `f` of `elements`' `i`-th
    /// element (counted from 0).
    func values(of fields: [QueryField], in elements: ArraySlice<Element>) -> [[ConfigValue?]]

    /// The positions among `candidates` (increasing indices of `elements`) whose element matches
    /// `query`, increasing.
    func positions(matching query: Query, among candidates: [Int], in elements: ArraySlice<Element>,
                   like: LikeSemantics) -> [Int]

    /// Throws when `query` cannot be asked of these elements (runs: a quoted number compared with
    /// a numeric metric); nothing by default.
    func validate(_ query: Query, in elements: ArraySlice<Element>) throws
}

extension ColumnSource {
    /// Element by element, on all cores for many elements, each element visited once for all fields.
    package func values(of fields: [QueryField], in elements: ArraySlice<Element>) -> [[ConfigValue?]] {
        let start = elements.startIndex
        return ParallelSlots.columns(fields.count, count: elements.count) { column, rows, set in
            for row in rows { set(row, value(of: fields[column], in: elements[start + row])) }
        }
    }

    /// Element by element, the query evaluated on each.
    package func positions(matching query: Query, among candidates: [Int], in elements: ArraySlice<Element>,
                           like: LikeSemantics) -> [Int] {
        candidates.filter { index in query.root.matches({ value(of: $0, in: elements[index]) }, like: like) }
    }

    /// Every query can be asked.
    package func validate(_ query: Query, in elements: ArraySlice<Element>) throws {}
}

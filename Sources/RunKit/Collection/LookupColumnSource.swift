/// The column source of a collection built with a `lookup` closure: every field of every element
/// found with `resolve`, by the protocol's element-by-element defaults.
///
/// ```swift
/// let source = LookupColumnSource<ConfigValue> { point, field in point.value(at: field.key.description) }
/// ```
struct LookupColumnSource<Element: Sendable>: ColumnSource {
    let resolve: @Sendable (Element, QueryField) -> ConfigValue?

    func value(of field: QueryField, in element: Element) -> ConfigValue? {
        resolve(element, field)
    }
}

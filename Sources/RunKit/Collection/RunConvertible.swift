/// An element that stands for a run, so a collection of it can look keys up in the run and give
/// the plain runs back (`TypedRun` is one).
///
/// ```swift
/// let typed = try runs.typed(Config.self)
/// let plain: RunCollection = typed.filter { $0.config.seed == 1 }.runs
/// ```
public protocol RunConvertible: Sendable {
    /// The run this element stands for: `element.run.info.status`.
    var run: Run { get }
}

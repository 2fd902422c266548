import Foundation
import Yams
import RunKitModel
import RunKitSupport

/// The bounds every YAML file RunKit reads is held to, so that a hostile or damaged file costs
/// bounded time, memory and stack: a 320-byte "billion laughs" (nested aliases) would otherwise
/// expand to 10⁹ values, and deep nesting would overflow a thread's stack.
///
/// - Nesting: at most `maximumDepth` levels (PyYAML itself stops near 330; real configs use < 20).
/// - Aliases: the document, aliases expanded, holds at most `maximumNodes(forBytes:)` values
///   (10,000 plus 10 per byte of text; a document without aliases always fits).
/// - An alias inside a mapping key is refused (Yams would hash its whole expansion).
///
/// A file outside the bounds is a `malformedFile` error naming it; each reader turns that into
/// its usual warning (the run skipped, or its config left empty).
///
/// ```swift
/// let node = try YAMLLimits.compose("a: &x [1, 2]\nb: *x\n", file: "config.yaml")
/// ```
enum YAMLLimits {
    /// The deepest nesting read (the top-level value is at depth 1).
    static let maximumDepth = ConfigValue.maximumDepth

    /// The most values a document of `bytes` bytes may expand to through its aliases.
    static func maximumNodes(forBytes bytes: Int) -> Int { 10_000 + 10 * bytes }

    /// Texts whose nesting may exceed this are parsed on a thread with a large stack: Yams
    /// composes recursively, and libyaml accepts up to 1,000 levels.
    private static let ordinaryStackDepth = 256

    /// Yams' node tree of `text`, checked against the bounds. Yams' own errors (`YamlError`) are
    /// thrown as they are, for the caller to word; the bounds' errors are `malformedFile`
    /// sentences naming `file`.
    static func compose(_ text: String, resolver: Resolver = .default, file: String) throws -> Node? {
        let scan = YAMLTextScan(text)
        if scan.hasAliasInKey {
            throw RunKitError(.malformedFile, "\(file) uses a YAML alias inside a mapping key, which could expand without bound; it was not read.", path: file)
        }
        let bytes = text.utf8.count
        let compose = { () throws -> Node? in
            let node: Node?
            do {
                node = try Yams.compose(yaml: text, resolver)
            } catch let error as YamlError where "\(error)".contains("Maximum nesting level") {
                throw tooDeep(file)   // libyaml's own bound, 1,000 levels
            }
            guard let node else { return nil }
            // Without an alias every node is written out in the text (within the budget) and the
            // scan's depth bound never undercounts: nothing to walk.
            if scan.hasAlias || scan.depthBound > maximumDepth { try check(node, file: file, bytes: bytes) }
            return node
        }
        guard scan.depthBound > ordinaryStackDepth else { return try compose() }
        return try onLargeStack(compose)
    }

    /// Walks the node tree as it would be expanded, stopping at the first bound exceeded.
    private static func check(_ root: Node, file: String, bytes: Int) throws {
        let budget = maximumNodes(forBytes: bytes)
        var count = 0
        var tooDeep = false
        func visit(_ node: Node, depth: Int) -> Bool {
            count += 1
            guard count <= budget else { return false }
            guard depth <= maximumDepth else { tooDeep = true; return false }
            switch node {
            case .scalar, .alias: return true
            case .sequence(let sequence): return sequence.allSatisfy { visit($0, depth: depth + 1) }
            case .mapping(let mapping): return mapping.allSatisfy { visit($0.key, depth: depth + 1) && visit($0.value, depth: depth + 1) }
            }
        }
        guard !visit(root, depth: 1) else { return }
        if tooDeep { throw Self.tooDeep(file) }
        throw RunKitError(.malformedFile, "\(file) has YAML aliases that expand to more than \(budget) values (a \"billion laughs\"); it was not read.", path: file)
    }

    private static func tooDeep(_ file: String) -> RunKitError {
        RunKitError(.malformedFile, "\(file) nests its YAML more than \(maximumDepth) levels deep; it was not read.", path: file)
    }

    /// Runs `body` on a new thread with a 16 MB stack and waits for it. Everything `body` makes
    /// that is not returned (Yams' parser, a too-deep node tree) is released on that thread.
    private static func onLargeStack(_ body: @escaping () throws -> Node?) throws -> Node? {
        let box = ResultBox(body)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.run()
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        done.wait()
        return try box.take()
    }

    /// Hands a body and its result between two threads. Only one thread uses it at a time: the
    /// caller before `start` and after the semaphore, the worker in between.
    // Unchecked: the thread's start and the semaphore order the two threads' uses (above); Yams'
    // nodes are not Sendable, so nothing checked can carry them across.
    private final class ResultBox: @unchecked Sendable {
        private var body: (() throws -> Node?)?
        private var result: Result<Node?, Error>?

        init(_ body: @escaping () throws -> Node?) { self.body = body }

        func run() {
            result = Result { try body!() }
            body = nil
        }

        func take() throws -> Node? { try result!.get() }
    }
}

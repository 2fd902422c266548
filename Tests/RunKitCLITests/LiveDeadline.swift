import Foundation

/// How long the live tests of `runkit serve` wait for a change to be served: the 2 s, or
/// 6 s when the machine's 1-minute load is over twice its cores (the whole suite running in
/// parallel on a shared 2-core machine starves the server's poll task: seen on the development
/// machine at load 9, never in isolation). The figures with a quiet machine are in BENCHMARKS.md.
///
///     #expect(try await appears(id, in: server, within: LiveDeadline.seconds))
enum LiveDeadline {
    static let seconds: Double = {
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).flatMap { Double($0.prefix { $0 != " " }) } ?? 0
        return load > 2 * Double(ProcessInfo.processInfo.activeProcessorCount) ? 6 : 2
    }()
}

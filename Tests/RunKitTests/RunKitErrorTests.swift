import Testing
@testable import RunKit

/// Errors carry their data as typed details; the sentence is made from them when shown.
@Suite("RunKitError")
struct RunKitErrorTests {
    let runs = RunCollection([
        Run(info: RunInfo(runID: "a", runName: "a"), config: ["model": ["type": "cnn"], "seed": 1]),
        Run(info: RunInfo(runID: "b", runName: "b"), config: ["model": ["type": "cnn"], "seed": 2]),
    ])

    @Test("keyNotFound carries the key and its closest spellings, and reads as before")
    func keyNotFound() throws {
        let error = try #require(throws: RunKitError.self) { try runs[0].requiredValue(for: "model.tpye") }
        #expect(error.kind == .keyNotFound)
        guard case .keyNotFound(let key, let candidates) = error.details else {
            Issue.record("details: \(error.details)")
            return
        }
        #expect(key == "model.tpye")
        #expect(candidates.first == "model.type")
        #expect(error.description == "No such key: model.tpye (did you mean \(candidates.map { "'\($0)'" }.joined(separator: ", "))?)")

        let inFilter = try #require(throws: RunKitError.self) { try runs.filter(["sede": 1]) }
        #expect(inFilter.details == .keyNotFound(key: "sede", candidates: ["seed"]))
    }

    @Test("a key some items lack, no match and several matches are details too")
    func selection() throws {
        let partial = RunCollection([runs[0], Run(info: RunInfo(runID: "c", runName: "c"))])
        let missing = try #require(throws: RunKitError.self) { try partial.values(of: "seed") }
        #expect(missing.details == .keyMissing(key: "seed", item: "\(partial[1])"))
        #expect(missing.description.hasSuffix("(other items have it; give a default)"))

        let none = try #require(throws: RunKitError.self) { try runs.single(matching: ["seed": 3]) }
        #expect(none.details == .noMatch && none.kind == .noMatch)
        #expect(none.description == "No item found matching the specified criteria")

        let several = try #require(throws: RunKitError.self) { try runs.single(matching: ["model.type": "cnn"]) }
        #expect(several.details == .multipleMatches(count: 2) && several.kind == .multipleMatches)
        #expect(several.description == "Multiple items (2) found matching the criteria, expected exactly one")
    }

    @Test("an experiment or run that is not there carries the name, the closest ones and the store's")
    func notFound() throws {
        let experiment = try #require(throws: RunKitError.self) {
            try ExperimentSelection.name("trian").check(among: ["train", "finetune"])
        }
        #expect(experiment.kind == .noMatch)
        #expect(experiment.details == .experimentNotFound(pattern: "trian", candidates: ["train"], experiments: ["train", "finetune"]))
        #expect(experiment.description == "No experiment is named 'trian' (did you mean 'train'?); the store's experiments: train, finetune.")

        let run = try #require(throws: RunKitError.self) { try RunLookup.find("c", in: Array(runs), store: "s.db") }
        #expect(run.kind == .runNotFound && run.details == .runNotFound(id: "c", store: "s.db", candidates: ["a", "b"]))
        #expect(run.description == "No run with id 'c' in s.db. Did you mean 'a', 'b'?")
        let twins = ["ab1", "ab2"].map { Run(info: RunInfo(runID: $0, runName: $0)) }
        let prefix = try #require(throws: RunKitError.self) { try RunLookup.find("ab", in: twins, store: "s.db") }
        #expect(prefix.kind == .multipleMatches && prefix.details == .ambiguousRunID(prefix: "ab", store: "s.db", matches: ["ab1", "ab2"]))
        #expect(prefix.description == "Run id prefix 'ab' matches 2 runs in s.db: ab1, ab2.")
    }

    @Test("a query that does not parse carries the query, the reason and the offset")
    func invalidQuery() throws {
        let error = try #require(throws: RunKitError.self) { try Query("config.seed ==") }
        #expect(error.kind == .invalidQuery && error.offset == 14)
        guard case .invalidQuery(let query, let reason) = error.details else {
            Issue.record("details: \(error.details)")
            return
        }
        #expect(query == "config.seed ==")
        #expect(error.description == "Invalid query at column 15: \(reason).\n  config.seed ==\n                ^")
    }

    @Test("exclude drops an element meeting any member of .all, as it does for separate criteria")
    func excludeAll() throws {
        let criteria: [Criterion<Run>] = [.equals("seed", 1), .equals("run_id", "b")]
        #expect(try runs.exclude(.all(criteria)).isEmpty)
        #expect(try runs.filter(.all(criteria)).isEmpty)
        #expect(try runs.filter(.all([.equals("seed", 2), ["model.type": "cnn"]])).map(\.id) == ["b"])
    }

    @Test("a history that cannot be read is its error from requiredValue(for:), not \"no such key\"")
    func historyReadError() throws {
        struct Unreadable: Error {}
        let run = Run(info: RunInfo(runID: "h", runName: "h"), metrics: ["loss": 0.5], history: { throw Unreadable() })
        #expect(run.value(for: "history.loss") == nil)
        #expect(throws: Unreadable.self) { try run.requiredValue(for: "history.loss") }
        #expect(throws: Unreadable.self) { try run.requiredValue(for: "history__loss") }
    }
}

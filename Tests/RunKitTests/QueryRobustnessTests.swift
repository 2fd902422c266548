import Foundation
import Testing
@testable import RunKit

/// Random and mutated query strings: each must either parse (and then evaluate on real runs
/// without trouble) or fail with a positioned `invalidQuery` error. Deterministic: a fixed seed.
@Suite("Query robustness")
struct QueryRobustnessTests {
    static let fragments = [
        "metrics.loss", "params.lr", "config.seed", "config.model.num_units", "info.status", "tags.`mlflow.runName`",
        "metrics.`val/acc`", "params.\"batch size\"", "model__type", "attributes.run_name", "run_id", "history.loss", "x",
        "=", "==", "!=", "<>", "<", "<=", ">", ">=", "in", "IN", "not in", "NOT IN", "like", "ILIKE", "NOT LIKE", "is null", "IS NOT NULL",
        "and", "AND", "&", "&&", "or", "OR", "|", "||", "not", "NOT", "~", "!",
        "(", ")", "[", "]", ",", ".", "`", "\"", "'", "\\",
        "0", "-1", "1e-3", "1e", "10.", ".5", "+2", "99999999999999999999999", "nan", "'cnn-%'", "'it\\'s'", "\"x\"", "true", "False",
        "null", "None", "[1, 2]", "('a', 'b')", "[]", "[[0.8, 0.2]]", "'%second line%'", "'\\u00e9'", "''",
        " ", "  ", "\t", "\n", "é", "✓", "\u{0}", "😀", "e\u{301}",
    ]

    static func seedQueries() throws -> [String] {
        var queries: [String] = []
        for store in ["hydraflow-sqlite", "mlflow-file"] {
            for record in try Fixtures.expected(store, "mlflow_search.json")["cases"]?.listValue ?? [] {
                queries.append(record["filter"]?.stringValue ?? "")
                queries += (record["order_by"]?.listValue ?? []).compactMap(\.stringValue)
            }
        }
        for record in try Fixtures.expected("mlxp-logs", "queries.json")["cases"]?.listValue ?? [] {
            queries.append(record["query"]?.stringValue ?? "")
        }
        return queries.filter { !$0.isEmpty }
    }

    static func randomQuery(_ rng: inout SplitMix64) -> String {
        (0..<Int.random(in: 1...18, using: &rng)).map { _ in
            fragments.randomElement(using: &rng)! + (Bool.random(using: &rng) ? " " : "")
        }.joined()
    }

    static func mutated(_ query: String, _ rng: inout SplitMix64) -> String {
        var characters = Array(query)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = characters.isEmpty ? 0 : Int.random(in: 0..<characters.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !characters.isEmpty: characters.remove(at: position)
            case 1: characters.insert(contentsOf: fragments.randomElement(using: &rng)!, at: position)
            case 2 where !characters.isEmpty: characters[position] = Array(fragments.randomElement(using: &rng)!).first ?? " "
            case 3 where characters.count > 1:
                characters.swapAt(position, Int.random(in: 0..<characters.count, using: &rng))
            case 4: characters = Array(characters.prefix(position))
            case 5 where !characters.isEmpty:
                let end = Int.random(in: position...characters.count, using: &rng)
                characters.insert(contentsOf: characters[position..<end], at: end)
            default: characters.append(Character(Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))))
            }
        }
        return String(characters)
    }

    @Test("10,000 random and mutated queries: parsed or refused with a position, never a crash or hang",
          .timeLimit(.minutes(2)))
    func randomQueries() throws {
        var rng = SplitMix64(seed: 20_260_421)
        let seeds = try Self.seedQueries()
        #expect(seeds.count > 100)
        var queries = (0..<5_000).map { _ in Self.randomQuery(&rng) }
        queries += (0..<5_000).map { _ in Self.mutated(seeds.randomElement(using: &rng)!, &rng) }
        queries += seeds
        let runs = RunCollection(try MLXPStore(logsPath: Fixtures.path("mlxp-logs/logs")).loadRuns(LoadOptions()).runs
            + MLflowFileStore(mlrunsPath: Fixtures.path("mlflow-file/mlruns")).loadRuns(LoadOptions(view: .all)).runs)
        let options = QueryOptions(allowMissing: true)
        var parsed = 0, refused = 0, problems: [String] = []
        for text in queries {
            do {
                let query = try Query(text)
                _ = try runs.filter(query, options: options)
                _ = try runs.filter(query, options: QueryOptions(allowMissing: true, like: .fileStore))
                parsed += 1
            } catch let error as RunKitError where error.kind == .invalidQuery {
                refused += 1
                let offset = error.offset ?? -1
                if !(0...text.count).contains(offset) || !error.description.hasSuffix("^") || !error.description.hasPrefix("Invalid query at ") {
                    problems.append("\(text.debugDescription): \(error.description)")
                }
            } catch {
                problems.append("\(text.debugDescription): unexpected \(error)")
            }
        }
        for text in (0..<1_000).map({ _ in Self.mutated(["metrics.loss DESC", "-params.lr", "`a b` asc"].randomElement(using: &rng)!, &rng) }) {
            do {
                _ = try runs.sorted(by: [OrderTerm(text)], options: options)
                parsed += 1
            } catch let error as RunKitError where error.kind == .invalidQuery && error.offset.map({ (0...text.count).contains($0) }) == true {
                refused += 1
            } catch {
                problems.append("order-by \(text.debugDescription): \(error)")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
        #expect(parsed + refused >= 11_000)
        // Both outcomes are well represented, so the test exercises parsing and evaluation alike.
        #expect(parsed > 1_000 && refused > 1_000, "parsed \(parsed), refused \(refused)")
    }
}

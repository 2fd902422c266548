import Foundation
import Testing
@testable import RunKit
@testable import RunKitModel

/// The query language on the fixture stores: grammar, literals, fields, semantics, errors, ordering.
@Suite("Query language")
struct QueryTests {
    /// hydraflow-sqlite, active runs of train and finetune, natural order (28 runs).
    let sqlite = RunCollection(try! MLflowSQLiteStore(databasePath: Fixtures.path("hydraflow-sqlite/mlflow.db")).loadRuns(LoadOptions()).runs)
    /// mlxp-logs, runs 1–21 in id order.
    let mlxp = RunCollection(try! MLXPStore(logsPath: Fixtures.path("mlxp-logs/logs")).loadRuns(LoadOptions()).runs)

    func ids(_ runs: RunCollection) -> [Int] { runs.map { Int($0.id)! } }
    func count(_ query: String, in runs: RunCollection? = nil) throws -> Int { try (runs ?? sqlite).filter(where: query).count }

    /// The literal of a one-comparison query.
    func literal(_ query: String) throws -> ConfigValue {
        guard case .comparison(let comparison) = try Query(query).root else { throw RunKitError(.invalidQuery, "not one comparison") }
        return comparison.value
    }

    // MARK: Grammar

    @Test("every spelling of AND, OR and NOT means the same")
    func connectors() throws {
        let and = try ids(mlxp.filter(where: "config.seed == 1 and config.model.num_units == 2"))
        #expect(and == [1, 4])
        for spelling in ["AND", "&", "&&", "And"] {
            #expect(try ids(mlxp.filter(where: "config.seed == 1 \(spelling) config.model.num_units == 2")) == and)
        }
        let or = try ids(mlxp.filter(where: "config.seed == 4 or config.seed == 5"))
        #expect(or == [20, 21])
        for spelling in ["OR", "|", "||"] {
            #expect(try ids(mlxp.filter(where: "config.seed == 4 \(spelling) config.seed == 5")) == or)
        }
        let not = try ids(mlxp.filter(where: "not config.seed <= 3"))
        #expect(not == [20, 21])
        for spelling in ["NOT ", "~", "!", "! ", "not("] {
            let query = spelling == "not(" ? "not(config.seed <= 3)" : "\(spelling)config.seed <= 3"
            #expect(try ids(mlxp.filter(where: query)) == not, "\(query)")
        }
    }

    @Test("NOT binds tighter than AND, AND tighter than OR; parentheses regroup")
    func precedence() throws {
        #expect(try ids(mlxp.filter(where: "not config.seed == 1 and config.seed <= 2")) == [2, 5, 8, 11, 14, 17])
        // Run 20 has seed 4 and 3 units.
        #expect(try ids(mlxp.filter(where: "config.seed == 4 or config.seed == 1 and config.model.num_units == 2")) == [1, 4, 20])
        #expect(try ids(mlxp.filter(where: "(config.seed == 4 or config.seed == 1) and config.model.num_units == 2")) == [1, 4])
        #expect(try ids(mlxp.filter(where: "not (config.seed <= 3 or config.seed == 5)")) == [20])
        #expect(try ids(mlxp.filter(where: "!!config.seed == 4")) == [20])
        #expect(try mlxp.filter(where: "").count == 21)
        #expect(try mlxp.filter(where: "  \t ").count == 21)
    }

    @Test("literals: exponents, signs, escapes, booleans, null, nested lists")
    func literals() throws {
        #expect(try literal("metrics.a > 1e-3") == .double(0.001))
        #expect(try literal("metrics.a > 1E+2").typeName == "double")
        #expect(try literal("metrics.a > -1") == .int(-1))
        #expect(try literal("metrics.a > +2").typeName == "int")
        #expect(try literal("metrics.a > .5") == .double(0.5))
        #expect(try literal("metrics.a > 10.").typeName == "double")
        #expect(try literal("metrics.a > 99999999999999999999") == .double(1e20))
        #expect(try literal(#"tags.a = 'it\'s'"#) == "it's")
        #expect(try literal(#"tags.a = "say \"hi\"""#) == #"say "hi""#)
        #expect(try literal(#"tags.a = 'a\nb\tc\\d'"#) == "a\nb\tc\\d")
        #expect(try literal(#"tags.a = 'caf\u00e9'"#) == "café")
        #expect(try literal(#"tags.a = 'C:\path'"#) == #"C:\path"#)
        #expect(try literal(#"tags.a = "it's""#) == "it's")
        for word in ["true", "True", "TRUE"] { #expect(try literal("config.a == \(word)") == .bool(true)) }
        for word in ["false", "False"] { #expect(try literal("config.a == \(word)") == .bool(false)) }
        for word in ["null", "NULL", "None", "none"] { #expect(try literal("config.a == \(word)").isNull) }
        #expect(try literal("config.a in [1, 'b', [2, 3.5], (), ]") == .list([1, "b", [2, 3.5], []]))
        #expect(try literal("config.a in ('x')") == .list(["x"]))
    }

    @Test("fields: every namespace and alias, quoting, __, MLflow attribute aliases")
    func fields() throws {
        let field = { (text: String) throws -> FieldKey in try QueryField(text).key }
        #expect(try field("metrics.`val/acc`") == FieldKey(namespace: .metrics, name: "val/acc"))
        #expect(try field("metric.loss") == FieldKey(namespace: .metrics, name: "loss"))
        #expect(try field(#"params."batch size""#) == FieldKey(namespace: .params, name: "batch size"))
        for prefix in ["param", "parameter", "parameters"] { #expect(try field("\(prefix).lr").namespace == .params) }
        #expect(try field("params.model.type") == FieldKey(namespace: .params, name: "model.type"))
        #expect(try field("tag.mlflow.runName") == FieldKey(namespace: .tags, name: "mlflow.runName"))
        for prefix in ["attributes", "attribute", "attr", "run", "info"] { #expect(try field("\(prefix).status").namespace == .info) }
        #expect(try field("cfg.model.type") == FieldKey(namespace: .config, name: "model.type"))
        #expect(try field("`mlflow.runName`") == FieldKey(namespace: .bare, name: "mlflow.runName"))
        #expect(try field("config.`a.b`.c") == FieldKey(namespace: .config, name: "a.b.c"))
        #expect(try field("data.augment.0") == FieldKey(namespace: .bare, name: "data.augment.0"))
        #expect(try field("metrics__loss") == FieldKey(namespace: .metrics, name: "loss"))

        let start = sqlite[0].info.startTime!
        #expect(try sqlite.filter(where: "attributes.created = \(start)").count == 1)
        #expect(try sqlite.filter(where: "Created = \(start)").count == 1)
        #expect(try sqlite.filter(where: "attributes.`Run Name` = 'persistent-doe-672'").count == 1)
        #expect(try sqlite.filter(where: #"attr."run name" = 'persistent-doe-672'"#).count == 1)
        // Bare keys resolve as get does: config, then metrics, params, tags, info.
        #expect(try sqlite.filter(where: "model__type = 'cnn' and config.model.type = 'cnn'").count == 15)
        #expect(try sqlite.filter(where: "accuracy > 0.9").count == 4)
        #expect(try sqlite.filter(where: "stage = 'prod'").count == 13)
        #expect(try sqlite.filter(where: "data.augment.1 = 'crop'").count == 20)
        #expect(try sqlite.filter(where: "config.data.augment.0 = 'flip'").count == 28)
    }

    // MARK: Semantics

    @Test("a param compares as a number with a number and as a string with a string")
    func paramCoercion() throws {
        // lr params of the 28 runs: '0.01' ×19, '0.001' ×4, '0.1' ×4, '0.5' ×1 (the FAILED run).
        #expect(try count("params.lr > 0.005") == 24)
        #expect(try count("params.lr = 0.01") == 19)
        #expect(try count("params.lr = '0.01'") == 19)
        #expect(try count("params.lr = 1e-2") == 19)
        #expect(try count("params.lr = '1e-2'") == 0)
        #expect(try count("params.lr in (0.1, '0.001')") == 8)
        #expect(try count("params.lr >= '0.1'") == 5)   // strings: '0.1', '0.5'
        #expect(try count("params.seed = 1") == 14)
        // A config number against a string literal is no match, as in Python.
        #expect(try count("config.seed = '1'") == 0)
        #expect(try count("config.seed != '1'") == 28)
    }

    @Test("missing fields, nulls, NaN and type mismatches")
    func missingNullNaN() throws {
        let failed = "6d56fcf1add54708ac7217637f69b0e6"
        // The FAILED run has no accuracy: every comparison is false, IS NULL true, NOT flips.
        #expect(try sqlite.filter(where: "metrics.accuracy IS NULL").map(\.id) == [failed])
        #expect(try count("metrics.accuracy != 0") == 27)
        #expect(try sqlite.filter(where: "not metrics.accuracy > 0").map(\.id) == [failed])
        #expect(try count("metrics.accuracy IS NOT NULL") == 27)
        // Its latest loss is NaN: only != and NOT IN hold.
        for query in ["metrics.loss = 0", "metrics.loss < 1e308", "metrics.loss > -1e308", "metrics.loss in (0, 1)"] {
            #expect(try !sqlite.filter(where: query).contains { $0.id == failed }, "\(query)")
        }
        for query in ["metrics.loss != 0", "metrics.loss not in (0, 1)", "metrics.loss IS NOT NULL"] {
            #expect(try sqlite.filter(where: query).contains { $0.id == failed }, "\(query)")
        }
        // A stored null equals null and IS NULL; it is never ordered.
        #expect(try count("config.notes == null") == 28)
        #expect(try count("config.notes IS NULL") == 28)
        #expect(try count("config.model.dropout == None") == 20)
        #expect(try count("config.model.dropout < 1") == 8)
        #expect(try count("config.model.dropout != null") == 8)
        // Mismatched kinds: no order, and never equal.
        #expect(try count("status > 1") == 0)
        #expect(try count("status != 1") == 28)
        #expect(try count("config.data.augment > 'a'") == 0)
        // 10 == 10.0 and Python's 1 == True.
        #expect(try count("config.train.epochs == 6.0") == 12)
        #expect(try count("config.train.epochs == 6") == 12)
        let shuffled = try ids(mlxp.filter(where: "config.data.shuffle == true"))
        #expect(try ids(mlxp.filter(where: "config.data.shuffle == 1")) == shuffled)
    }

    @Test("lists compare whole, IN tests membership")
    func lists() throws {
        #expect(try count("config.data.augment == ['flip', 'crop']") == 20)
        #expect(try count("config.data.augment in [['flip'], ['x']]") == 8)
        #expect(try count("config.data.augment == ['crop', 'flip']") == 0)
        #expect(try count("config.seed in []") == 0)
        #expect(try count("config.seed not in []") == 28)
    }

    @Test("LIKE and ILIKE: % and _, case, NOT, numbers as text")
    func like() throws {
        #expect(try count("attributes.run_name LIKE 'cnn-%'") == 7)
        #expect(try count("attributes.run_name LIKE 'CNN-%'") == 0)
        #expect(try count("attributes.run_name ILIKE 'CNN-%'") == 7)
        #expect(try count("attributes.run_name NOT ILIKE 'CNN-%'") == 21)
        #expect(try count("run_name LIKE 'cnn-lr0._-s_'") == 3)
        #expect(try count("config.optimizer.lr LIKE '0.0%'") == 23)
        #expect(try count("config.optimizer.lr NOT LIKE '0.0%'") == 5)
    }

    @Test("LIKE semantics: SQL crosses line breaks, the file store does not")
    func likeLineBreaks() {
        let text = "first line\nsecond line\n"
        func match(_ pattern: String, _ semantics: LikeSemantics, _ value: String = text) -> Bool {
            LikePattern(pattern).matches(value, ignoringCase: false, semantics: semantics)
        }
        #expect(match("%second line%", .sql))
        #expect(!match("%second line%", .fileStore))
        #expect(match("first line%", .fileStore))
        #expect(match("first line%", .sql))
        #expect(!match("first line", .sql))
        #expect(!match("first line", .fileStore))
        #expect(match("ends", .fileStore, "ends\n"))
        #expect(!match("ends", .sql, "ends\n"))
        #expect(match("a_c", .sql, "a\nc"))
        #expect(!match("a_c", .fileStore, "a\nc"))
        #expect(match("", .sql, ""))
        #expect(match("%", .sql, ""))
        #expect(match("%%a%%", .sql, "bab"))
        #expect(match("résumé _", .sql, "résumé ✓"))
        #expect(match("a.c", .sql, "a.c") && !match("a.c", .sql, "abc"))
        #expect(LikePattern("RÉSUMÉ%").matches("résumé ✓", ignoringCase: true, semantics: .sql))
    }

    // MARK: Errors

    @Test("syntax errors say where and what was expected", arguments: [
        ("config.seed ==", 14, "expected a value"),
        ("1 == config.seed", 0, "expected a field name"),
        ("config.model-name == 'a'", 12, "expected a comparison operator"),
        ("(config.seed == 1", 17, "expected ')' to close the '(' at column 1"),
        ("config.seed == 1)", 16, "without a matching '('"),
        ("artifact.pickle. == 1", 16, "expected a name after '.'"),
        ("status = FINISHED", 9, "quote strings, like 'FINISHED'"),
        ("status = 'FINISHED", 9, "never closed"),
        ("metrics.`val/acc > 1", 8, "never closed"),
        ("a == 1 b == 2", 7, "expected AND, OR or the end"),
        ("a == 1 and", 10, "expected a comparison"),
        ("a in 1", 5, "expected a list after IN"),
        ("a like 1", 7, "expected a quoted pattern after LIKE"),
        ("a is nothing", 5, "expected NULL or NOT NULL after IS"),
        ("a not between 1", 6, "expected IN, LIKE or ILIKE after NOT"),
        ("a == 1e", 7, "exponent"),
        ("a == 12abc", 7, "after the number"),
        ("a in [1, 2", 10, "expected ',' or ']'"),
        ("metrics.val/acc > 1", 11, "quote names"),
        ("metrics.accuracy > '0.5'", 19, "metrics.accuracy is a metric, a number, but '0.5' is quoted"),
        ("metrics.loss in (1, '2')", 16, "write 2 without quotes"),
        ("metric.x != \"1e-3\"", 12, "Expected numeric value type for metric"),
        ("a == ``", 5, "expected a value"),
        ("`` == 1", 0, "expected a name between the quotes"),
    ])
    func syntaxErrors(query: String, offset: Int, expected: String) {
        let error = #expect(throws: RunKitError.self) { try Query(query) }
        #expect(error?.kind == .invalidQuery)
        #expect(error?.offset == offset, "\(query): \(error?.description ?? "")")
        #expect(error?.description.contains(expected) == true, "\(query): \(error?.description ?? "")")
        // The caret line puts the caret under the offset.
        let lines = error?.description.split(separator: "\n", omittingEmptySubsequences: false) ?? []
        #expect(lines.count == 3 && lines[1] == "  " + query && lines[2] == "  " + String(repeating: " ", count: offset) + "^")
    }

    @Test("a multi-line query's error shows the line at fault; tabs keep the caret aligned")
    func multiLineErrors() {
        let error = #expect(throws: RunKitError.self) { try Query("a == 1\nand\tb >> 2") }
        #expect(error?.description == "Invalid query at line 2, column 8: expected a value (a number, a quoted string, true, false, null or a list), found '>'.\n  and\tb >> 2\n     \t   ^")
        #expect(error?.offset == 14)
    }

    @Test("nesting deeper than the limit is an error, not a crash")
    func deepNesting() {
        let deep = String(repeating: "(", count: 10_000) + "a == 1" + String(repeating: ")", count: 10_000)
        let error = #expect(throws: RunKitError.self) { try Query(deep) }
        #expect(error?.description.contains("nests deeper") == true)
        #expect(throws: RunKitError.self) { try Query(String(repeating: "~", count: 5_000) + "a == 1") }
        #expect(throws: RunKitError.self) { try Query("a in " + String(repeating: "[", count: 5_000)) }
        #expect(throws: Never.self) { try Query(String(repeating: "(", count: 200) + "a == 1" + String(repeating: ")", count: 200)) }
    }

    @Test("a field no run has is an error with suggestions, unless allowed; IS NULL never needs it")
    func missingFields() throws {
        let error = #expect(throws: RunKitError.self) { try sqlite.filter(where: "metrics.acuracy > 0.5") }
        #expect(error?.kind == .keyNotFound)
        #expect(error?.description.contains("'metrics.accuracy'") == true, "\(error?.description ?? "")")
        #expect(try sqlite.filter(where: "metrics.acuracy > 0.5", options: QueryOptions(allowMissing: true)).isEmpty)
        #expect(try sqlite.filter(where: "not metrics.acuracy > 0.5", options: QueryOptions(allowMissing: true)).count == 28)
        #expect(try sqlite.filter(where: "params.nonexistent IS NULL").count == 28)
        #expect(throws: RunKitError.self) { try sqlite.sorted(orderBy: "metrics.acuracy") }
        #expect(try sqlite.sorted(orderBy: "metrics.acuracy", options: QueryOptions(allowMissing: true)).map(\.id) == sqlite.map(\.id))
        #expect(try Query("a == 1 and b is null and (a > 2 or c like 'x')").requiredFields.map(\.text) == ["a", "c"])
        #expect(try Query("a == 1 and b is null and b == 2").fields.map(\.text) == ["a", "b"])
    }

    @Test("a quoted number against a metric is an error saying why; other quoted text and other namespaces are not")
    func quotedNumbers() throws {
        // A bare key that is a metric (MLXP's train.loss) is checked once the runs are there.
        let error = #expect(throws: RunKitError.self) { try mlxp.filter(where: "config.seed == 1 and train.loss > '0.5'") }
        #expect(error?.kind == .invalidQuery && error?.offset == 34)
        #expect(error?.description.contains("train.loss is a metric, a number, but '0.5' is quoted") == true, "\(error?.description ?? "")")
        #expect(throws: RunKitError.self) { try mlxp.filter(where: "train__loss = '1'", options: QueryOptions(allowMissing: true)) }
        // Text that is no number, a string metric, LIKE on a metric's text: fine.
        #expect(try count("metrics.accuracy = 'high'") == 0)
        #expect(try count("metrics.test.status_msg == 'converged'", in: mlxp) == 19)
        #expect(try count("test.status_msg == 'converged'", in: mlxp) == 19)
        #expect(try count("metrics.accuracy LIKE '0.9%'") > 0)
        // Config and params keep their rules: '1' is not the int 1, a param is a string.
        #expect(try count("config.seed == '1'", in: mlxp) == 0)
        #expect(try count("seed == '1'", in: mlxp) == 0)
        #expect(try count("params.lr = '0.01'") > 0)
    }

    @Test("bare status is the unified word everywhere; info.status the store's own")
    func unifiedStatus() throws {
        let complete = try ids(mlxp.filter(where: "info.status == 'COMPLETE'"))
        #expect(complete.count == 19)
        #expect(try ids(mlxp.filter(where: "status == 'FINISHED'")) == complete)
        #expect(try mlxp.filter(where: "status == 'COMPLETE'").isEmpty)
        #expect(try mlxp.grouped(by: ["status"]).map { $0.values[0] } == ["FINISHED", "FAILED", "RUNNING"])
        #expect(try mlxp.grouped(by: ["info.status"]).map { $0.values[0] } == ["COMPLETE", "FAILED", "RUNNING"])
        // Other unified attributes too: start_time is milliseconds, MLXP's own text stays at info.start_time.
        #expect(mlxp[0].value(for: "start_time") == mlxp[0].info.startTime.map { .int(Int($0)) })
        #expect(mlxp[0].value(for: "info.start_time")?.stringValue != nil)
        let malet = RunCollection(try MaletStore(path: Fixtures.path("malet/exp_group_resume")).loadRuns().runs)
        #expect(try malet.filter(where: "status = 'FAILED'").isEmpty && malet.filter(where: "info.status = 'C'").count == malet.count)
        #expect(try malet.filter(where: "status = 'FINISHED'").count == malet.count)
    }

    // MARK: Ordering

    @Test("order-by: missing and NaN last both ways, ties in the collection's order, -KEY")
    func ordering() throws {
        let natural = sqlite.map(\.id)
        let ascending = try sqlite.sorted(orderBy: "metrics.loss").map(\.id)
        let descending = try sqlite.sorted(orderBy: "metrics.loss DESC").map(\.id)
        let failed = "6d56fcf1add54708ac7217637f69b0e6"   // NaN loss
        #expect(ascending.last == failed && descending.last == failed)
        #expect(Array(ascending.dropLast().reversed()) == Array(descending.dropLast()))
        #expect(try sqlite.sorted(orderBy: "-metrics.loss").map(\.id) == descending)
        #expect(try sqlite.sorted(orderBy: "+metrics.loss").map(\.id) == ascending)
        #expect(try sqlite.sorted(orderBy: "metrics.loss asc").map(\.id) == ascending)
        // Ties keep the natural order in both directions.
        for spec in ["params.lr", "params.lr DESC", "stage DESC"] {
            let sorted = try sqlite.sorted(orderBy: spec)
            let key = try QueryField(String(spec.split(separator: " ")[0]))
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.value(for: key) == b.value(for: key) {
                #expect(natural.firstIndex(of: a.id)! < natural.firstIndex(of: b.id)!, "\(spec)")
            }
        }
        // Two keys: the first is primary.
        let twoKeys = try sqlite.sorted(orderBy: "config.model.type", "metrics.accuracy DESC")
        #expect(twoKeys.prefix(15).allSatisfy { $0.config["model.type"] == "cnn" })
        #expect(twoKeys[0].metrics["accuracy"]! >= twoKeys[1].metrics["accuracy"]!)
        for bad in ["metrics.loss DESC NULLS LAST", "-metrics.loss DESC", "metrics.loss sideways", "", "metrics.loss,"] {
            let error = #expect(throws: RunKitError.self, "\(bad)") { try OrderTerm(bad) }
            #expect(error?.kind == .invalidQuery)
        }
        // A name with other characters gets the same hint as in --where.
        for bad in ["metrics.val/acc DESC", "-metrics.val/acc", "params.batch size"] {
            let error = #expect(throws: RunKitError.self, "\(bad)") { try OrderTerm(bad) }
            #expect(error?.description.contains("quote names with other characters, like metrics.`val/acc`") == true, "\(bad): \(error?.description ?? "")")
        }
    }

    // MARK: Any collection

    @Test("filter(where:) and sorted(orderBy:) work on any ItemCollection through its lookup")
    func genericCollection() throws {
        let points = ItemCollection([["x": 1, "name": "a"], ["x": 3, "name": "b"], ["x": 2, "name": "c"]] as [ConfigValue]) { $0.value(at: $1) }
        #expect(try points.filter(where: "x >= 2 or name = 'a'").count == 3)
        #expect(try points.filter(where: "x >= 2 and name != 'b'").map { $0["name"] } == ["c"])
        #expect(try points.sorted(orderBy: "x DESC").map { $0["name"] } == ["b", "c", "a"])
        #expect(throws: RunKitError.self) { try points.filter(where: "y == 1") }
    }
}

import Testing
@testable import RunKit
@testable import RunKitStores

/// What `Query.bound` pushes and what it leaves to RunKit, and the SQL `MLflowBoundSQL` makes of it.
@Suite("Query bound and its SQL")
struct QueryBoundTests {
    let sql = MLflowBoundSQL(runColumns: ["run_uuid", "status", "start_time"], tables: ["params", "tags", "latest_metrics"])

    func condition(_ text: String) throws -> String? {
        sql.condition(try Query(text).bound)
    }

    @Test("params, metrics and tags become subqueries on their tables by the (key, run_uuid) key")
    func pushed() throws {
        #expect(try condition("params.seed = '3'")
            == "run_uuid IN (SELECT run_uuid FROM params WHERE key IN ('seed') AND (value IN ('3') OR typeof(value) <> 'text'))")
        #expect(try condition("metrics.loss < 0.5")
            == "run_uuid IN (SELECT run_uuid FROM latest_metrics WHERE key IN ('loss') AND (CAST(value AS REAL) <= 0.5000000005 OR typeof(value) = 'blob' OR (typeof(value) = 'text' AND value GLOB '*[nN]*')))")
        #expect(try condition("tags.note IS NULL") == "NOT EXISTS (SELECT 1 FROM tags WHERE key IN ('note') AND tags.run_uuid = runs.run_uuid)")
        #expect(try condition("attributes.status = 'FINISHED'") == "(\"status\" IN ('FINISHED') OR typeof(\"status\") = 'blob')")
        // A key RunKit counts equal to another spelling (KELVIN SIGN) is asked in both.
        #expect(try condition("params.K LIKE 'a%'") == "run_uuid IN (SELECT run_uuid FROM params WHERE key IN ('K','\u{212A}'))")
    }

    @Test("AND keeps its bounded terms, OR needs every branch, NOT only where the complement is a test")
    func combined() throws {
        #expect(try condition("metrics.loss < 0.5 and config.seed = 1")?.hasPrefix("run_uuid IN (SELECT run_uuid FROM latest_metrics") == true)
        // The likeliest narrowest test drives (`run_uuid IN`), the others are looked up per run.
        #expect(try condition("metrics.loss < 0.5 and params.seed = '3' and tags.note IS NULL")
            == "(EXISTS (SELECT 1 FROM latest_metrics WHERE key IN ('loss') AND latest_metrics.run_uuid = runs.run_uuid AND (CAST(value AS REAL) <= 0.5000000005 OR typeof(value) = 'blob' OR (typeof(value) = 'text' AND value GLOB '*[nN]*'))) AND run_uuid IN (SELECT run_uuid FROM params WHERE key IN ('seed') AND (value IN ('3') OR typeof(value) <> 'text')) AND NOT EXISTS (SELECT 1 FROM tags WHERE key IN ('note') AND tags.run_uuid = runs.run_uuid))")
        #expect(try condition("metrics.loss < 0.5 or config.seed = 1") == nil)
        #expect(try condition("not metrics.loss < 0.5") == nil)
        #expect(try condition("not params.lr != '0.1'")
            == "(NOT EXISTS (SELECT 1 FROM params WHERE key IN ('lr') AND params.run_uuid = runs.run_uuid) OR EXISTS (SELECT 1 FROM params WHERE key IN ('lr') AND params.run_uuid = runs.run_uuid AND (value IN ('0.1') OR typeof(value) <> 'text')))")
    }

    @Test("config keys, bare keys, __ aliases, non-ASCII text, unknown columns and missing tables are not pushed")
    func notPushed() throws {
        for text in ["config.seed = 1", "seed = 1", "status = 'FINISHED'", "metrics.val__loss < 1", "history.loss = [1]",
                     "info.run_name = 'a'", "info.status IS NULL"] {
            #expect(try condition(text) == nil, "\(text)")
        }
        #expect(MLflowBoundSQL(runColumns: [], tables: []).condition(try Query("metrics.loss < 1").bound) == nil)
        // A bare key compared with a quoted number is checked on the first run having it: no plan.
        #expect(QueryPlan(try Query("metrics.loss < 1 and loss > '0.5'")).bound == nil)
        // LIKE, non-ASCII text and string orderings still need the key.
        for text in ["params.lr LIKE '0.%'", "params.lr = 'caf\u{E9}'", "params.lr > 'a'"] {
            #expect(try condition(text) == "run_uuid IN (SELECT run_uuid FROM params WHERE key IN ('lr'))", "\(text)")
        }
    }

    @Test("spellings: ASCII text, with the three ASCII letters a non-ASCII scalar decomposes to")
    func spellings() {
        #expect(StoredTest.spellings(of: "loss") == ["loss"])
        #expect(StoredTest.spellings(of: "a;K") == ["a;K", "a;\u{212A}", "a\u{037E}K", "a\u{037E}\u{212A}"])
        #expect(StoredTest.spellings(of: "caf\u{E9}") == nil)
        #expect(StoredTest.spellings(of: "KKKK") == nil)
    }

    @Test("a reduction of a history bounds by its metric's points in metrics: a point relating so (or NaN) where the reduction is one, else a point")
    func reductions() throws {
        let withHistories = MLflowBoundSQL(runColumns: ["run_uuid"], tables: ["latest_metrics", "metrics"])
        func condition(_ text: String) throws -> String? { withHistories.condition(try Query(text).bound) }
        let point = "(CAST(value AS REAL) <= 0.5000000005 OR typeof(value) = 'blob' OR (typeof(value) = 'text' AND value GLOB '*[nN]*'))"
        #expect(try condition("min(history.loss) < 0.5")
            == "run_uuid IN (SELECT run_uuid FROM metrics WHERE key IN ('loss') AND (is_nan <> 0 OR typeof(value) NOT IN ('integer', 'real') OR \(point)))")
        #expect(try Query("max(history.`val/acc`) >= 0.9").bound.description == "some point of history.val/acc >= 0.9 or NaN")
        #expect(try Query("at(history.loss, 3) = 1").bound.description == "some point of history.loss == 1.0 or NaN")
        #expect(try Query("last(loss) <= 1 and first(metrics.loss) > 2").bound.description
            == "(some point of history.loss <= 1.0 or NaN) AND (some point of history.loss > 2.0 or NaN)")
        #expect(try Query("min(history.loss) > 0.5").bound.description == "some point of history.loss > 0.5 or NaN")
        // mean (it may round or overflow past every point), count, argmin/argmax, != and IS NOT
        // NULL: only a point of the metric.
        for text in ["mean(history.loss) < 0.5", "last(history.loss, 3) < 1",
                     "count(history.loss) >= 3", "argmin(history.loss) = 3", "min(history.loss) != 1", "max(history.loss) IS NOT NULL",
                     "min(history.loss) LIKE '1%'", "min(history.loss) = 'a'", "max(history.loss) IN (1, 'a')"] {
            #expect(try condition(text) == "run_uuid IN (SELECT run_uuid FROM metrics WHERE key IN ('loss'))", "\(text)")
        }
        // IS NULL (at a step never logged), NOT, a whole history, an alias: nothing.
        for text in ["at(history.loss, 3) IS NULL", "not min(history.loss) < 1", "history.loss = [1]", "min(history.val__loss) < 1"] {
            #expect(try condition(text) == nil, "\(text)")
        }
        // Without a metrics table, nothing either; a schema without is_nan reads none as NaN.
        #expect(try self.condition("min(history.loss) < 0.5") == nil)
        let old = MLflowBoundSQL(runColumns: ["run_uuid"], tables: ["metrics"], metricsNaN: "0")
        #expect(old.condition(try Query("max(history.loss) IN (1, 2) and tags.x = 'y'").bound)?.hasPrefix("(EXISTS (SELECT 1 FROM metrics WHERE +key IN ('loss') AND metrics.run_uuid = runs.run_uuid AND (0 <> 0 OR") == true)
    }
}

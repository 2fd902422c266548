import Testing
@testable import RunKitModel

/// `HistoryReduction` on its own: parsing, edge cases (empty history, steps never logged, k
/// larger than the history, NaN first), and `FieldKey` round trips.
@Suite("History reductions")
struct HistoryReductionTests {
    static let points = [
        MetricPoint(step: 3, timestamp: 30, value: 0.5),
        MetricPoint(step: 1, timestamp: 10, value: 2),
        MetricPoint(step: 2, timestamp: 20, value: .infinity),
        MetricPoint(step: 2, timestamp: 21, value: -1),
    ]

    @Test("values in step order; duplicated steps all count; at is the latest point at the step")
    func values() {
        func reduce(_ key: String, _ points: [MetricPoint] = Self.points) -> ConfigValue? {
            FieldKey(key).reduction?.reduce(points)
        }
        #expect(reduce("min(history.x)") == .double(-1))
        #expect(reduce("max(x)") == .double(.infinity))
        #expect(reduce("first(history.x)") == .double(2))
        #expect(reduce("last(metrics.x)") == .double(0.5))
        #expect(reduce("at(history.x, 2)") == .double(-1))
        #expect(reduce("at(history.x, 7)") == nil)
        #expect(reduce("argmin(history.x)") == .int(2))
        #expect(reduce("argmax(history.x)") == .int(2))
        #expect(reduce("last(history.x, 2)") == .double(-0.25))
        #expect(reduce("last(history.x, 99)") == .double(.infinity))
        #expect(reduce("count(history.x)") == .int(4))
        #expect(reduce("count(history.x)", []) == .int(0))
        #expect(reduce("max(history.x)", []) == nil)
        let nan = Self.points + [MetricPoint(step: 0, timestamp: 0, value: .nan)]
        #expect(reduce("max(history.x)", nan)?.doubleValue?.isNaN == true)
        #expect(reduce("argmax(history.x)", nan) == .int(0))
    }

    @Test("FieldKey parses reductions of history, metrics and bare keys, and writes them back")
    func keys() {
        #expect(FieldKey("max(history.val.acc)") == FieldKey(reducing: "val.acc", by: HistoryReduction(.max)))
        #expect(FieldKey("at( history.`val/acc` , -5 )").description == "at(history.val/acc, -5)")
        #expect(FieldKey("last(metrics.loss, 3)").reduction == HistoryReduction(.last, 3))
        #expect(FieldKey("max(config.lr)").reduction == nil)
        #expect(FieldKey("last(history.loss, 0)").reduction == nil)
        #expect(FieldKey("at(history.loss)").reduction == nil)
        #expect(FieldKey.list("run_id, at(history.loss, 10),`a,b`") == ["run_id", "at(history.loss, 10)", "`a,b`"])
    }
}

import Foundation
import Testing
import RunKit

@Suite("runkit CLI on malet logs")
struct MaletCLITests {
    let malet = CLI.fixtures + "/malet"

    @Test("list --format json on an experiment folder: one record per row, statics + grid as config, typed results")
    func list() throws {
        let result = try CLI.run(["list", malet + "/exp_group_resume", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try JSONParser.parse(result.stdout).listValue ?? []
        #expect(records.count == 12)
        let first = try #require(records.first)
        #expect(first["run_id"] == .string("0"))
        #expect(first["status"] == .string("FINISHED"))
        #expect(first["config"]?.mapValue?["dataset"] == .string("two_moons"))
        #expect(first["config"]?.mapValue?["width"] == .int(16))
        #expect(first["metrics"]?.mapValue?["converged"] == .bool(false))
        #expect(first["metrics"]?.mapValue?["val_acc"] == .double(0.8928))
        #expect(first["info"]?.mapValue?["status"] == .string("C"))
        // The config that failed first and was re-run moved to the end, and finished.
        #expect(records.last?["config"]?.mapValue?["optimizer"] == .string("adam"))
        #expect(records.last?["status"] == .string("FINISHED"))
    }

    @Test("every column is reachable by its bare name with --columns, lists through history.")
    func columns() throws {
        let result = try CLI.run(["list", malet + "/exp_group_resume", "--columns", "run_id,lr,val_acc,history.val_acc,log_msg,converged,status,duration", "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let row = try JSONParser.parse(String(result.stdout.split(separator: "\n")[0]))
        let values = try #require(row.mapValue)
        #expect(values["lr"] == .double(0.1))
        #expect(values["history.val_acc"] == .list([0.6549, 0.7543, 0.8213, 0.8689, 0.8928].map(ConfigValue.double)))
        #expect(values["log_msg"]?.stringValue?.hasPrefix("2e+308o: best val_acc") == true)
        #expect(values["status"] == .string("FINISHED"))   // the unified word; malet's C is info.status
        #expect(values["duration"] == .string("0 days 00:00:00.013936"))
    }

    @Test("split logs are one collection; a single .tsv and a folder of experiments are detected")
    func detection() throws {
        let splits = try CLI.run(["list", malet + "/exp_splits", "--format", "json", "--columns", "run_id"])
        #expect(splits.status == 0)
        let ids = (try JSONParser.parse(splits.stdout).listValue ?? []).compactMap { $0["run_id"]?.stringValue }
        #expect(ids.count == 12 && ids.first == "split_0/0" && Set(ids).count == 12)
        let single = try CLI.run(["list", malet + "/exp_splits/log_splits/split_1.tsv", "--format", "json", "--columns", "run_id"])
        #expect(single.status == 0)
        #expect((try JSONParser.parse(single.stdout).listValue ?? []).count == 4)
        let experiments = try CLI.run(["experiments", malet, "--format", "json"])
        #expect(experiments.status == 0)
        #expect(experiments.stdout.contains("exp_edge_values") && experiments.stdout.contains("exp_splits"))
    }

    @Test("show: list metrics as history with steps 1..n and null timestamps")
    func show() throws {
        let result = try CLI.run(["show", "0", malet + "/exp_group_resume"])
        #expect(result.status == 0)
        let history = try #require(JSONParser.parse(result.stdout)["metric_history"]?.mapValue?["train_loss"]?.listValue)
        #expect(history.count == 5)
        #expect(history.first?.listValue?.prefix(2).elementsEqual([.int(1), .null]) == true)
        #expect(history.last?.listValue?.first == .int(5))
    }

    @Test("a broken log: one sentence naming file and line, exit 1; in a split store the other splits load, exit 2")
    func badInput() throws {
        let folder = try CLI.temporaryFolder("runkit-malet")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "[Static Configs]\na: 1\nid\tx\n".write(toFile: folder + "/cut.tsv", atomically: true, encoding: .utf8)
        let cut = try CLI.run(["list", folder + "/cut.tsv"])
        #expect(cut.status == 1)
        #expect(cut.stderr.contains(folder + "/cut.tsv, line") && cut.stderr.contains("45"))

        let copy = folder + "/exp_splits"
        try FileManager.default.copyItem(atPath: malet + "/exp_splits", toPath: copy)
        let split = copy + "/log_splits/split_2.tsv"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: split)
        let text = try String(contentsOfFile: split, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[lines.count - 2] += "\textra\tfields"
        try lines.joined(separator: "\n").write(toFile: split, atomically: true, encoding: .utf8)
        let result = try CLI.run(["list", copy, "--format", "json", "--columns", "run_id"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("split_2.tsv"))
        #expect((try JSONParser.parse(result.stdout).listValue ?? []).count == 11)
    }
}

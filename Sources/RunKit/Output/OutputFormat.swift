/// How rows are printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, jsonl, csv, tsv, markdown
}

/// How rows are printed (`latex`: a `tabular` with numbers rounded for a paper, `PaperTable`).
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, jsonl, csv, tsv, markdown, latex
}

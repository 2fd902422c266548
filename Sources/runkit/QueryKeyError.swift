import RunKit

/// A `--where` or `--order-by` key that no loaded run has: RunKit's `keyNotFound`, shown with
/// the CLI's hint about `--allow-missing`.
///
/// ```
/// runkit: error: No such key: metrics.acc (did you mean 'metrics.accuracy'?); no loaded run has it (pass --allow-missing to let it match as missing).
/// ```
struct QueryKeyError: Error, CustomStringConvertible {
    /// The library's error, with the key and its closest spellings.
    var underlying: RunKitError

    var description: String {
        "\(underlying); no loaded run has it (pass --allow-missing to let it match as missing)."
    }
}

/// Words for a POSIX shell command line: quoted only when the shell would read them otherwise.
///
/// ```swift
/// ShellWord.quoted("lr=0.1")        // lr=0.1
/// ShellWord.quoted("it's")          // 'it'\''s'
/// ShellWord.line(["echo", "a b"])   // echo 'a b'
/// ```
enum ShellWord {
    /// Characters a word may hold and still be read as itself by the shell.
    private static let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")

    /// `word` as the shell reads it back: unchanged when plain, else in single quotes.
    static func quoted(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Always in single quotes (for overrides spliced into a longer shell argument).
    static func singleQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The words joined into one command line.
    static func line(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }
}

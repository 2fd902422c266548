import Foundation
import RunKit

/// Where the CLI writes: stdout for results, stderr for errors and warnings.
enum Terminal {
    /// True when stdout is a terminal.
    static var isTTY: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Colours only on a terminal, and never with `NO_COLOR` set.
    static var useColor: Bool {
        isTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// The terminal width (`COLUMNS`, the tty's size, else 120).
    static var width: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        var size = winsize()
        if isTTY, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 120
    }

    static func write(_ text: String) {
        var text = text
        text.withUTF8 { writeOut(UnsafeRawBufferPointer($0)) }
    }

    /// Writes UTF-8 bytes as they are (`BatchedText`'s batches), without copying them into a `String`.
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes(writeOut)
    }

    /// Writes all of `buffer` to stdout; a failed write is an error sentence and exit status 1.
    private static func writeOut(_ buffer: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                error("cannot write to standard output: \(String(cString: strerror(errno))).")
                exit(1)
            }
            offset += written
        }
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("runkit: error: \(message)\n".utf8))
    }

    /// A load warning: `runkit: warning: …` for skipped damaged data (exit status 2),
    /// `runkit: note: …` for what the writing tool leaves out by design (exit status 0).
    static func report(_ warning: LoadWarning) {
        let label = warning.isDamage ? "warning" : "note"
        FileHandle.standardError.write(Data("runkit: \(label): \(warning.message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("runkit: \(message)\n".utf8))
    }
}

import Foundation
import RunKitSupport

/// Where a STORE argument or `MLFLOW_TRACKING_URI` points, resolved as MLflow's client resolves
/// a tracking URI; relative paths are relative to the working directory.
///
/// | address | resolves to |
/// |---|---|
/// | `sqlite:///mlflow.db`, `sqlite:///./runs/mlflow.db` | `$PWD/mlflow.db`, `$PWD/runs/mlflow.db` (SQLAlchemy: three slashes, then a relative path) |
/// | `sqlite:////abs/mlflow.db` | `/abs/mlflow.db` (four slashes: an absolute path) |
/// | `sqlite+pysqlite:///…`, `sqlite:///x.db?timeout=5` | a driver and query parameters are allowed and ignored |
/// | `sqlite:///file:x.db?uri=true` | SQLite's own URI file name (`file:` relative or `file:///abs`) |
/// | `file:///abs/mlruns`, `file:mlruns`, `file:./mlruns` | `/abs/mlruns`, `$PWD/mlruns` (the path of the URI, percent-decoded) |
/// | `mlruns`, `/abs/project` | the path itself (`MLFLOW_TRACKING_URI` paths are percent-decoded, as MLflow does) |
///
/// ```swift
/// try StoreAddress("sqlite:///mlflow.db", isTrackingURI: false)   // .database("/home/me/project/mlflow.db")
/// try StoreAddress("file:mlruns", isTrackingURI: true)            // .path("/home/me/project/mlruns")
/// ```
package enum StoreAddress: Equatable {
    /// A SQLite database file (absolute), named by a `sqlite:` URI.
    case database(String)
    /// A local path (absolute when it came from a URI) whose kind of store is detected.
    case path(String)

    /// Parses `location`; `isTrackingURI` for `MLFLOW_TRACKING_URI` (a bare path is then
    /// percent-decoded, as MLflow's `local_file_uri_to_path` does). Throws `unknownStoreKind` for
    /// servers and databases RunKit does not read locally, `invalidArgument` for a malformed or
    /// in-memory SQLite URL.
    init(_ location: String, isTrackingURI: Bool) throws {
        guard let scheme = Self.scheme(of: location) else {
            self = .path(isTrackingURI ? Self.percentDecoded(location) : location)
            return
        }
        let rest = String(location.dropFirst(scheme.count + 1))
        let lowered = scheme.lowercased()
        if lowered == "sqlite" || (lowered.hasPrefix("sqlite+") && lowered.filter({ $0 == "+" }).count == 1) {
            self = .database(try Self.sqlitePath(location, afterScheme: rest))
        } else if lowered == "file" {
            self = .path(PosixFileSystem.absolute(Self.percentDecoded(Self.uriPath(rest))))
        } else if ["http", "https", "databricks", "postgresql", "mysql", "mssql"].contains(where: { lowered == $0 || lowered.hasPrefix($0 + "+") }) || rest.hasPrefix("//") {
            throw RunKitError(.unknownStoreKind, "\(location) is not a local store: RunKit reads sqlite:/// databases, file: URIs and folders.")
        } else {
            self = .path(isTrackingURI ? Self.percentDecoded(location) : location)   // a path with a colon in it
        }
    }

    /// `address` with the password of its `scheme://user:password@host…` part replaced by `***`
    /// (the password as written, percent-encoded or not); anything else as it is. Every place
    /// that shows a store's address (a remote store's `path`, `runkit serve`'s store names) shows
    /// this, so that no output carries a credential.
    ///
    /// ```swift
    /// StoreAddress.masked("postgresql://mlflow:s%40cret@db:5432/mlflow")   // "postgresql://mlflow:***@db:5432/mlflow"
    /// StoreAddress.masked("project/mlflow.db")                              // unchanged
    /// ```
    package static func masked(_ address: String) -> String {
        guard let scheme = address.range(of: "://") else { return address }
        let rest = address[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return address }
        return String(address[..<authority.index(after: colon)]) + "***" + String(address[at...])
    }

    /// The scheme of `location` (`sqlite`, `file`, …), nil for a path: letters, digits, `+`, `-`,
    /// `.` before the first colon, starting with a letter (RFC 3986, as Python's `urlparse`).
    static func scheme(of location: String) -> String? {
        guard let colon = location.firstIndex(of: ":"), colon != location.startIndex else { return nil }
        let name = location[..<colon]
        guard name.first!.isASCII, name.first!.isLetter,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return String(name)
    }

    /// The database path of a `sqlite:` URL, as SQLAlchemy's `make_url` and the pysqlite dialect
    /// read it: `//`, an empty host, `/`, then the database up to `?`, percent-decoded, made
    /// absolute against the working directory.
    private static func sqlitePath(_ location: String, afterScheme rest: String) throws -> String {
        let forms = "sqlite:///relative/path.db or sqlite:////absolute/path.db"
        guard rest.hasPrefix("//") else {
            throw RunKitError(.invalidArgument, "\(location) is not a SQLite URL: expected \(forms).")
        }
        let afterSlashes = rest.dropFirst(2)
        let query = afterSlashes.firstIndex(of: "?").map { String(afterSlashes[afterSlashes.index(after: $0)...]) } ?? ""
        let beforeQuery = afterSlashes.prefix { $0 != "?" }
        guard let slash = beforeQuery.firstIndex(of: "/") else {
            if beforeQuery.isEmpty { throw RunKitError(.invalidArgument, "\(location) names an in-memory database, which holds no runs: expected \(forms).") }
            throw RunKitError(.invalidArgument, "\(location) is not a SQLite URL: a SQLite URL has no host; expected \(forms).")
        }
        guard slash == beforeQuery.startIndex else {
            throw RunKitError(.invalidArgument, "\(location) is not a SQLite URL: a SQLite URL has no host; expected \(forms).")
        }
        var database = percentDecoded(String(beforeQuery[beforeQuery.index(after: slash)...]))
        guard !database.isEmpty, database != ":memory:" else {
            throw RunKitError(.invalidArgument, "\(location) names an in-memory database, which holds no runs: expected \(forms).")
        }
        // `uri=true`: the database is SQLite's own URI file name (`file:path`).
        let parameters = query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        let uri = parameters.contains { $0.first == "uri" && ["true", "yes", "on", "y", "t", "1"].contains(($0.last ?? "").lowercased()) }
        if uri, database.hasPrefix("file:") {
            database = percentDecoded(uriPath(String(database.dropFirst("file:".count))))
        }
        return PosixFileSystem.absolute(database)   // Python's os.path.abspath: `.` and `..` by name
    }

    /// The path part of what follows `file:`: after an authority (`//host`) if there is one, up to
    /// a query or fragment (Python's `urlparse(...).path`).
    static func uriPath(_ rest: String) -> String {
        var path = Substring(rest)
        if path.hasPrefix("//") {
            path = path.dropFirst(2)
            path = path.firstIndex(of: "/").map { path[$0...] } ?? ""
        }
        return String(path.prefix { $0 != "?" && $0 != "#" })
    }

    /// `%XX` escapes decoded (Python's `unquote`: a malformed escape is kept as it is).
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2, let high = hexDigit(utf8[utf8.startIndex]),
               let low = hexDigit(utf8[utf8.startIndex + 1]) {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

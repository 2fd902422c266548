import Foundation
import RunKitSupport

/// Where RunKit reads a server run's artifacts (its `.hydra/config.yaml`), from the artifact URI
/// the run records.
///
/// | artifact URI | read from |
/// |---|---|
/// | `mlflow-artifacts:/1/ab…/artifacts`, `mlflow-artifacts://host:port/1/ab…/artifacts` | the server's proxy, `1/ab…/artifacts` |
/// | `/abs/path`, `file:///abs/path` that exists on this machine | that local folder |
/// | a local path that does not exist here, holding `mlruns/` | the proxy, the part after the last `mlruns/` (a store copied to a server's artifact root) |
/// | `s3://…`, `gs://…`, anything else | nowhere: the run's config is left empty |
///
/// ```swift
/// ArtifactPlace(uri: "mlflow-artifacts:/1/ab/artifacts")   // .proxied("1/ab/artifacts")
/// ```
enum ArtifactPlace: Equatable {
    case local(String)
    case proxied(String)
    case elsewhere

    init(uri: String?) {
        guard let uri, !uri.isEmpty else { self = .elsewhere; return }
        if uri.hasPrefix("mlflow-artifacts:") {
            var rest = Substring(uri.dropFirst("mlflow-artifacts:".count))
            if rest.hasPrefix("//") {   // an authority: //host:port/path
                rest = rest.dropFirst(2)
                rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
            }
            self = Self.proxiedPath(String(rest))
            return
        }
        var local: String?
        if uri.hasPrefix("file:") {
            local = URL(string: uri)?.path
        } else if uri.hasPrefix("/") {
            local = uri
        }
        guard let local else { self = .elsewhere; return }
        if PosixFileSystem.fileKind(local) == .directory { self = .local(local); return }
        if let range = local.range(of: "mlruns/", options: .backwards) {
            self = Self.proxiedPath(String(local[range.upperBound...]))
        } else {
            self = .elsewhere
        }
    }

    private static func proxiedPath(_ path: String) -> ArtifactPlace {
        let trimmed = path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        return trimmed.isEmpty ? .elsewhere : .proxied(trimmed)
    }
}

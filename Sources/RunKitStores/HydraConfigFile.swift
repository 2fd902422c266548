import RunKitFormats
import RunKitModel
import RunKitSupport

/// The Hydra config HydraFlow logs with each run, at `<artifacts>/.hydra/config.yaml`;
/// read the same way by every MLflow store.
enum HydraConfigFile {
    /// The config in `artifactsDirectory`: an empty map when the run has none; when the file
    /// cannot be read or parsed, an empty map and a warning naming the file.
    static func read(artifactsDirectory: String) -> (config: ConfigValue, warning: LoadWarning?) {
        let path = artifactsDirectory + "/.hydra/config.yaml"
        do {
            guard let bytes = try PosixFileSystem.bytes(path) else { return (.map([:]), nil) }
            let config = try YAMLReader.parse(String(decoding: bytes, as: UTF8.self), file: path)
            return (config.isNull ? .map([:]) : config, nil)
        } catch {
            var warning = LoadWarning.from(error, path: path)
            warning.message += " The run's config was left empty."
            return (.map([:]), warning)
        }
    }
}

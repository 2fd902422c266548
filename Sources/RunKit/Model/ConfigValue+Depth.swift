extension ConfigValue {
    /// The deepest nesting any reader builds (the top-level value is at depth 1): YAML
    /// (`YAMLLimits`), JSON (`JSONParser`) and Python literals (`PythonLiteral`) refuse deeper text,
    /// so that walking a value recursively never exhausts a thread's stack (512 KB on macOS'
    /// worker threads). PyYAML stops near 330 levels and Python's parser near 200; configs use < 20.
    ///
    /// ```swift
    /// ConfigValue.maximumDepth   // 128
    /// ```
    public static let maximumDepth = 128
}

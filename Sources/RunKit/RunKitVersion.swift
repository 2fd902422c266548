public enum RunKitVersion { public static let string = "0.1.0" }

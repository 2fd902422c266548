package enum RunKitVersion { package static let string = "0.1.0" }

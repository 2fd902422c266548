extension RunStore {
    static func openFileStore(_ path: String) throws -> any RunStoreReader {
        throw RunKitError(.unknownStoreKind, "file stores are not wired in yet")
    }
}

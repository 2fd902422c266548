import Testing

extension CLI {
    /// Runs `arguments` as planned (pushdown and projection on) and with `RUNKIT_PUSHDOWN=0` (every
    /// run read whole), and expects the same stdout, stderr and exit status.
    static func expectSameAsWholeLoad(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let planned = try run(arguments)
        let full = try run(arguments, environment: ["RUNKIT_PUSHDOWN": "0"])
        #expect(planned.stdout == full.stdout, sourceLocation: sourceLocation)
        #expect(planned.stderr == full.stderr, sourceLocation: sourceLocation)
        #expect(planned.status == full.status, sourceLocation: sourceLocation)
    }
}

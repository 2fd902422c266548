// `import RunKit` gives the whole library: the layers below are re-exported here (and so are
// visible in every file of this target). See docs/architecture.md.
@_exported import RunKitSupport
@_exported import RunKitModel
@_exported import RunKitFormats
@_exported import RunKitStores

// The whole library for another package: every layer, re-exported, so that
// `import Cap` gives what `cap` itself is built from. cap's own targets
// import the layers they use one by one (Package.swift).
@_exported import CapBase
@_exported import CapValues
@_exported import CapSyntax
@_exported import CapSchema
@_exported import CapRuntime
@_exported import CapAnalysis
@_exported import CapEval
@_exported import CapPublish
@_exported import CapTooling
@_exported import CapREPL
@_exported import CapShare
@_exported import CapServer

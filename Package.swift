// swift-tools-version:6.0
import PackageDescription

// The library is a stack of layers, each a target that depends only on the
// layers below it, so the compiler refuses an import that points upwards
// (ARCHITECTURE.md draws them). Tests/CapTests/LayeringTests.swift checks
// this list against the rule as well.
let layers: [(name: String, dependencies: [Target.Dependency])] = [
    // Source files and positions, diagnostics and their renderers, text.
    ("CapBase", []),
    // The language's literal values: dates at their precision, times, zones.
    ("CapValues", ["CapBase"]),
    // Lexer, parser and syntax tree; knows no entity kind.
    ("CapSyntax", ["CapBase", "CapValues"]),
    // Entity kinds, fields, value types, ISO 3166 and 639 tables.
    ("CapSchema", ["CapBase", "CapValues", "CapSyntax"]),
    // Threads, deep stacks, the file system and atomic writes.
    ("CapRuntime", ["CapBase", "CSystem"]),
    // Loading files and checking the data against the schema.
    ("CapAnalysis", ["CapBase", "CapValues", "CapSyntax", "CapSchema", "CapRuntime"]),
    // The model over the data, script checking and evaluation.
    ("CapEval", ["CapBase", "CapValues", "CapSyntax", "CapSchema", "CapRuntime", "CapAnalysis"]),
    // Reports, timelines, maps, their writers and `cap build`.
    ("CapPublish", ["CapBase", "CapValues", "CapSyntax", "CapSchema", "CapRuntime", "CapAnalysis", "CapEval", "CSystem"]),
    // For editors: the node at an offset and what it refers to.
    ("CapTooling", ["CapBase", "CapValues", "CapSyntax", "CapSchema", "CapRuntime", "CapAnalysis", "CapEval", "CapPublish"]),
    // The REPL's engine: input in, reply out (no terminal).
    ("CapREPL", ["CapBase", "CapValues", "CapSyntax", "CapSchema", "CapRuntime", "CapAnalysis", "CapEval", "CapPublish"]),
    // Sharing: `cap export` (SQLite, PostgreSQL) and `cap diff`.
    ("CapShare", ["CapBase", "CapValues", "CapSyntax", "CapSchema", "CapRuntime", "CapAnalysis", "CapEval", "CapPublish", "CSQLite"]),
    // `cap lsp`: the Language Server Protocol over the tooling.
    ("CapServer", ["CapBase", "CapValues", "CapSyntax", "CapSchema", "CapRuntime", "CapAnalysis", "CapEval", "CapPublish", "CapTooling"]),
]

let package = Package(
    name: "cap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cap", targets: ["CapCLI"]),
        // Every layer, re-exported by one module for other packages.
        .library(name: "Cap", targets: ["Cap"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: layers.map {
        // The prelude (the built-in schema, in .cap) and the report's
        // built-in statistics (queries in .cap) are compiled in as bytes.
        .target(name: $0.name, dependencies: $0.dependencies,
                resources: $0.name == "CapSchema" ? [.embedInCode("Prelude/prelude.cap")]
                    : $0.name == "CapPublish" ? [.embedInCode("Prelude/statistics.cap")] : nil)
    } + [
        .target(name: "Cap", dependencies: layers.map { .target(name: $0.name) }),
        // What belongs to a process, not a library: objects kept until exit,
        // LeakSanitizer's suppressions. For the executable and the tests.
        .target(name: "CapProcess"),
        // The few system calls Swift's Glibc module does not declare.
        .target(name: "CSystem"),
        // libedit, the REPL's line editor (Debian: libedit-dev).
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // SQLite, for `cap export --format sqlite` (Debian: libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Non-variadic C wrappers around libedit, and the SIGINT flag.
        .target(name: "CLineEditor", dependencies: ["CLibEdit"]),
        // The command-line front end: one file per subcommand, the terminal,
        // and what belongs to a process rather than a library.
        .executableTarget(
            name: "CapCLI",
            dependencies: layers.map { .target(name: $0.name) } + [
                "CapProcess",
                "CLineEditor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The static Foundation's mktemp goes to CSystem's (WrapMktemp.c
            // says why), so that the release link prints no warning.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--wrap=mktemp"], .when(platforms: [.linux]))]
        ),
        .testTarget(
            name: "CapTests",
            dependencies: layers.map { .target(name: $0.name) } + ["CapProcess"]
        ),
    ]
)

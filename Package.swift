// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cap", targets: ["cap"]),
        .library(name: "Cap", targets: ["Cap"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The language: sources, diagnostics, lexer, parser, schema, checker.
        .target(
            name: "Cap",
            dependencies: ["CSystem"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The few system calls Swift's Glibc module does not declare.
        .target(name: "CSystem"),
        // libedit, the REPL's line editor (Debian: libedit-dev).
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // Non-variadic C wrappers around libedit, and the SIGINT flag.
        .target(name: "CLineEditor", dependencies: ["CLibEdit"]),
        // The thin command-line front end.
        .executableTarget(
            name: "cap",
            dependencies: [
                "Cap",
                "CLineEditor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The static Foundation's mktemp goes to CSystem's (WrapMktemp.c
            // says why), so that the release link prints no warning.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--wrap=mktemp"], .when(platforms: [.linux]))]
        ),
        .testTarget(
            name: "CapTests",
            dependencies: ["Cap"],
            exclude: [],
            resources: []
        ),
    ]
)

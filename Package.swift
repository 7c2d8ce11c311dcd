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
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "cap",
            dependencies: [
                "Cap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CapTests",
            dependencies: ["Cap"],
            exclude: [],
            resources: []
        ),
    ]
)

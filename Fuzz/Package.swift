// swift-tools-version:6.0
// libFuzzer targets for the Cap library, in a package of their own so that
// the main `swift build` and `swift test` never see them. Build and run them
// with `make fuzz` from the repository root; Fuzz/README.md says more.
import PackageDescription

// A package reached by path is known by its folder's name, not by the name
// in its manifest: compute it, so a clone under any name builds.
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map { String($0).lowercased() } ?? "cap"

let cap = Target.Dependency.product(name: "Cap", package: root)

func fuzzTarget(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport", cap])
}

let package = Package(
    name: "CapFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        // What the targets share: bytes in, a workspace out, and the
        // checks that turn a wrong result into a crash libFuzzer reports.
        .target(name: "FuzzSupport", dependencies: ["FuzzMemory", cap]),
        // The memory property: the sanitizer allocator's hooks count the
        // heap one input holds (FuzzMemory.c says why not -rss_limit_mb).
        .target(name: "FuzzMemory"),
        fuzzTarget("fuzz-lexer"),
        fuzzTarget("fuzz-parser"),
        fuzzTarget("fuzz-checker"),
        fuzzTarget("fuzz-pipeline"),
        fuzzTarget("fuzz-fmt"),
        fuzzTarget("fuzz-script"),
    ]
)

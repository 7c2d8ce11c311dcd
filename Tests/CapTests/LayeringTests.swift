import Foundation
import Testing

/// The library's layers, each allowed to import only the layers below it
/// (ARCHITECTURE.md). SwiftPM refuses a module a target does not depend on,
/// but only once the dependency is missing from Package.swift; this test
/// holds Package.swift and every source file to the order itself, so that a
/// dependency pointing upwards, or a cycle, fails the suite.
@Suite struct LayeringTests {
    /// Lowest first. A layer may import any layer before it in this list.
    static let layers = ["CapBase", "CapValues", "CapSyntax", "CapSchema", "CapRuntime",
                         "CapAnalysis", "CapEval", "CapPublish", "CapTooling", "CapREPL", "CapShare", "CapServer"]
    /// Modules outside the order that a layer may still use.
    static let system: [String: Set<String>] = ["CapRuntime": ["CSystem"], "CapPublish": ["CSystem"], "CapShare": ["CSQLite"]]

    static let sources = EndToEndTests.packageRoot.appendingPathComponent("Sources")

    static func swiftFiles(in target: String) -> [URL] {
        let root = sources.appendingPathComponent(target)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    /// The modules a file imports (`import X`, `@testable import X`, `@_exported import X`).
    static func imports(of file: URL) throws -> [String] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                  words[..<i].allSatisfy({ $0.hasPrefix("@") }) else { return nil }
            return String(words[i + 1])
        }
    }

    @Test(arguments: layers)
    func aLayerImportsOnlyLayersBelowIt(layer: String) throws {
        let below = Set(Self.layers.prefix { $0 != layer })
        let allowed = below.union(Self.system[layer] ?? []).union(["Foundation", "Glibc", "Darwin", "Musl", "Dispatch", "Synchronization"])
        let files = Self.swiftFiles(in: layer)
        #expect(!files.isEmpty, "no sources found for \(layer)")
        for file in files {
            for module in try Self.imports(of: file) where !allowed.contains(module) {
                Issue.record("\(file.lastPathComponent) in \(layer) imports \(module), which is not a layer below it")
            }
        }
    }

    /// Package.swift's own list, read as text: each layer's dependencies
    /// come before it in the order above.
    @Test func packageSwiftDeclaresTheSameOrder() throws {
        let manifest = try String(contentsOf: EndToEndTests.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        var declared: [String] = []
        for line in manifest.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("(\"Cap"), let close = trimmed.firstIndex(of: ",") else { continue }
            let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            declared.append(name)
            let dependencies = trimmed[close...].split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            let below = Set(Self.layers.prefix { $0 != name }).union(Self.system[name] ?? [])
            for dependency in dependencies {
                #expect(below.contains(dependency), "Package.swift: \(name) depends on \(dependency), which is not below it")
            }
        }
        #expect(declared == Self.layers)
    }

    /// The layers under the CLI carry no flags other packages would refuse.
    @Test func noLibraryTargetUsesUnsafeFlags() throws {
        let manifest = try String(contentsOf: EndToEndTests.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let libraryPart = manifest.components(separatedBy: ".executableTarget(").first ?? manifest
        #expect(!libraryPart.contains("unsafeFlags"))
    }
}

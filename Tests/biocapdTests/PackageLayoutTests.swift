import BiocapTestSupport
import Foundation
import Testing

/// `docs/architecture.md` describes the modules as `Package.swift` builds them: every non-test target,
/// with exactly its biocap dependencies. The document cannot drift from the manifest unnoticed.
@Suite struct PackageLayoutTests {
    struct Target: Equatable {
        var name: String
        var kind: String
        var dependencies: Set<String>
    }

    @Test func moduleTableMatchesTheManifest() throws {
        let manifest = try Self.targets(inManifest: PackagingFixtures.text("Package.swift"))
        let table = try Self.moduleTable(inDocument: PackagingFixtures.text("docs/architecture.md"))
        let built = manifest.filter { $0.kind != "testTarget" }
        #expect(built.count >= 20, "the manifest parser found only \(built.map(\.name))")
        let local = Set(manifest.map(\.name))
        for target in built {
            guard let documented = table[target.name] else {
                Issue.record("\(target.name) is in Package.swift but not in the module table")
                continue
            }
            let dependencies = target.dependencies.intersection(local)
            #expect(documented == dependencies,
                    "\(target.name): the table says \(documented.sorted()), Package.swift says \(dependencies.sorted())")
        }
        for name in table.keys where !built.contains(where: { $0.name == name }) {
            Issue.record("\(name) is in the module table but not a target of Package.swift")
        }
    }

    @Test func everyModuleHasItsTestTarget() throws {
        let manifest = try Self.targets(inManifest: PackagingFixtures.text("Package.swift"))
        let tests = Set(manifest.filter { $0.kind == "testTarget" }.map(\.name))
        let untested: Set = ["CTurboJPEG", "CLibUSB", "BiocapDeviceTesting", "BiocapTestSupport",
                             "biocapctl", "biocap-queue-soak", "biocap-bench"]
        for target in manifest where target.kind == "target" && !untested.contains(target.name) {
            #expect(tests.contains(target.name + "Tests"), "\(target.name) has no \(target.name)Tests")
        }
    }

    /// Simulated devices and drivers use DeviceKit's public API only: it has nothing `package`-visible.
    @Test func deviceKitExposesOnlyPublicAPI() throws {
        let directory = TestData.packageRoot.appendingPathComponent("Sources/BiocapDeviceKit")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("package ") {
                Issue.record("BiocapDeviceKit/\(file): \(line)")
            }
        }
    }

    /// The targets declared in a manifest written as this one is: `.target(`, `.executableTarget(`,
    /// `.systemLibrary(` or `.testTarget(` with `name:` first and an optional `dependencies: [...]`.
    static func targets(inManifest text: String) throws -> [Target] {
        let kinds = ["target", "executableTarget", "systemLibrary", "testTarget"]
        var targets: [Target] = []
        var index = text.startIndex
        while let open = text.range(of: "(", range: index..<text.endIndex) {
            let prefix = text[text.startIndex..<open.lowerBound]
            guard let kind = kinds.first(where: { prefix.hasSuffix("." + $0) }) else {
                index = open.upperBound
                continue
            }
            let found = try balanced(text, from: open.lowerBound, open: "(", close: ")")
            index = found.endIndex
            let body = String(found)
            guard let name = firstQuoted(after: "name:", in: body) else { continue }
            var dependencies: Set<String> = []
            if let start = body.range(of: "dependencies:"), let bracket = body.range(of: "[", range: start.upperBound..<body.endIndex) {
                var list = String(try balanced(body, from: bracket.lowerBound, open: "[", close: "]"))
                while let product = list.range(of: ".product(") {
                    let inner = try balanced(list, from: list.index(before: product.upperBound), open: "(", close: ")")
                    list.removeSubrange(product.lowerBound..<inner.endIndex)
                }
                dependencies = Set(quoted(in: list))
            }
            targets.append(Target(name: name, kind: kind, dependencies: dependencies))
        }
        return targets
    }

    /// Module name → its documented dependencies, from the table between the `modules:begin/end` markers.
    static func moduleTable(inDocument text: String) throws -> [String: Set<String>] {
        guard let begin = text.range(of: "<!-- modules:begin -->"), let end = text.range(of: "<!-- modules:end -->") else {
            throw TableError.noMarkers
        }
        var table: [String: Set<String>] = [:]
        for line in text[begin.upperBound..<end.lowerBound].split(separator: "\n") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, cells[1].hasPrefix("`") else { continue }
            let name = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let dependencies = cells[2].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "` ")) }
            table[name] = Set(dependencies.filter { !$0.isEmpty && $0 != "—" })
        }
        return table
    }

    enum TableError: Error { case noMarkers, unbalanced }

    /// The text from `start` (an opening delimiter) through its matching close.
    static func balanced(_ text: String, from start: String.Index, open: Character, close: Character) throws -> Substring {
        var depth = 0
        var inString = false
        var index = start
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { inString.toggle() }
            if !inString {
                if character == open { depth += 1 }
                if character == close {
                    depth -= 1
                    if depth == 0 { return text[start...index] }
                }
            }
            index = text.index(after: index)
        }
        throw TableError.unbalanced
    }

    static func quoted(in text: some StringProtocol) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    static func firstQuoted(after label: String, in text: String) -> String? {
        guard let range = text.range(of: label) else { return nil }
        return quoted(in: text[range.upperBound...]).first
    }
}

import BiocapRecords
import Crypto
import Foundation

/// The centre's side of the contract: walks kits' folders in the store with read-only credentials and checks each
/// packet completely — the kit's signature on `manifest.json`, every sealed object's SHA-256 and size, the seals
/// opened with the centre's private key, every record's SHA-256 and that it decodes as its ISO format, the kit's
/// signed packet manifest inside — and each kit's chain of packet manifests for gaps and replays.
public struct DeliveryVerifier: Sendable {
    let client: S3Client
    let layout: DeliveryLayout
    let centerKey: Curve25519.KeyAgreement.PrivateKey
    /// Kit signing keys the centre registered out of band, by kit id. A kit without one is checked against the keys
    /// it published itself (`kit.pem`, `keys/<sha256>.pem`): trust on first use.
    let registeredKeys: [String: [Curve25519.Signing.PublicKey]]

    public init(client: S3Client, layout: DeliveryLayout, centerKey: Curve25519.KeyAgreement.PrivateKey,
                registeredKeys: [String: [Curve25519.Signing.PublicKey]] = [:]) {
        self.client = client
        self.layout = layout
        self.centerKey = centerKey
        self.registeredKeys = registeredKeys
    }

    /// Every packet of `kitID` (or of every kit), one verdict each, then one per chain problem. Throws only when the
    /// store cannot be listed.
    public func verify(kitID: String? = nil) async throws(S3Error) -> [PacketVerdict] {
        let keys = try await client.list(prefix: kitID.map { layout.kitFolder($0) } ?? layout.kitsFolder)
        var verdicts: [PacketVerdict] = []
        for (kit, packets) in Self.group(keys, under: layout.kitsFolder).sorted(by: { $0.key < $1.key }) {
            var links: [(packetID: String, manifest: String, previous: String?)] = []
            for (packetID, objects) in packets.sorted(by: { $0.key < $1.key }) {
                let checked = await check(kitID: kit, packetID: packetID, objects: objects)
                verdicts.append(PacketVerdict(kitID: kit, packetID: packetID, problems: checked.problems))
                if let link = checked.link { links.append((packetID, link.manifest, link.previous)) }
            }
            let chain = Self.chainProblems(links)
            if !chain.isEmpty { verdicts.append(PacketVerdict(kitID: kit, packetID: nil, problems: chain)) }
        }
        return verdicts
    }

    /// Writes a packet's opened records (`<record-id>.<format>.bin`), `packet-manifest.json` and `manifest.json` into
    /// `directory` after checking it; returns the verdict (nothing is written unless it is valid).
    public func fetch(kitID: String, packetID: String, into directory: URL) async throws(S3Error) -> PacketVerdict {
        let folder = layout.packetFolder(kitID: kitID, packetID: packetID)
        let objects = Set(try await client.list(prefix: folder).map { String($0.dropFirst(folder.count)) })
        let checked = await check(kitID: kitID, packetID: packetID, objects: objects)
        let verdict = PacketVerdict(kitID: kitID, packetID: packetID, problems: objects.isEmpty ? ["no such packet in the store"] : checked.problems)
        guard verdict.isValid else { return verdict }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, bytes) in checked.opened {
                try bytes.write(to: directory.appendingPathComponent(name), options: .atomic)
            }
        } catch {
            return PacketVerdict(kitID: kitID, packetID: packetID, problems: ["cannot write \(directory.path): \(error.localizedDescription)"])
        }
        return verdict
    }

    /// The kits whose folders hold a packet with this id (normally one; more is itself a finding).
    public func kits(holding packetID: String) async throws(S3Error) -> [String] {
        let keys = try await client.list(prefix: layout.kitsFolder)
        return Self.group(keys, under: layout.kitsFolder).filter { $0.value[packetID] != nil }.map(\.key).sorted()
    }

    struct Checked {
        var problems: [String] = []
        var link: (manifest: String, previous: String?)?
        var opened: [(String, Data)] = []
    }

    /// Checks one packet folder whose object names (relative to the folder) are `objects`.
    func check(kitID: String, packetID: String, objects: Set<String>) async -> Checked {
        var result = Checked()
        let folder = layout.packetFolder(kitID: kitID, packetID: packetID)
        guard objects.contains(DeliveryLayout.signatureObject), objects.contains(DeliveryLayout.manifestObject) else {
            result.problems.append("incomplete: no \(objects.contains(DeliveryLayout.manifestObject) ? "manifest.sig" : "manifest.json") "
                + "(not committed; the kit has not finished sending it)")
            return result
        }
        let manifestBytes: [UInt8], signature: [UInt8]
        do {
            manifestBytes = try await client.get(key: folder + DeliveryLayout.manifestObject)
            signature = try await client.get(key: folder + DeliveryLayout.signatureObject)
        } catch {
            result.problems.append("cannot read the manifest: \(error)")
            return result
        }
        let manifest: DeliveryManifest
        do { manifest = try DeliveryManifest.decode(manifestBytes) } catch {
            result.problems.append("manifest.json is not a biocap-delivery/1 manifest: \(error)")
            return result
        }
        guard let signer = await signingKey(kitID: kitID, fingerprint: manifest.signingKeySHA256) else {
            result.problems.append("no signing key \(manifest.signingKeySHA256.prefix(16))… is registered or published for kit \(kitID)")
            return result
        }
        guard signer.isValidSignature(signature, for: manifestBytes) else {
            result.problems.append("manifest.sig is not the kit's signature over manifest.json")
            return result
        }
        if manifest.kitID != kitID { result.problems.append("the manifest names kit \(manifest.kitID), but it is in kit \(kitID)'s folder") }
        if manifest.packetID != packetID { result.problems.append("the manifest names packet \(manifest.packetID), but it is in folder \(packetID)") }
        result.opened.append(("manifest.json", Data(manifestBytes)))

        var expected: Set<String> = [DeliveryLayout.manifestObject, DeliveryLayout.signatureObject, manifest.packetManifest.object]
        // The kit's packet manifest: sealed like a record, signed by the kit over its plain bytes.
        let plainManifest = await open(object: manifest.packetManifest.object, recordID: DeliveryLayout.packetManifestRecordID,
                                       packetID: packetID, folder: folder, size: manifest.packetManifest.size,
                                       sha256: manifest.packetManifest.sha256, sealedSize: manifest.packetManifest.sealedSize,
                                       sealedSha256: manifest.packetManifest.sealedSha256, problems: &result.problems)
        var packetManifest: PacketManifest?
        if let plainManifest {
            if let packetSignature = Data(base64Encoded: manifest.packetManifest.signature),
               signer.isValidSignature(packetSignature, for: plainManifest) {
                do {
                    let decoded = try Self.decodePacketManifest(plainManifest)
                    packetManifest = decoded
                    if decoded.packetID != packetID { result.problems.append("the packet manifest names packet \(decoded.packetID)") }
                    if decoded.previousManifestSHA256 != manifest.previousManifestSHA256 {
                        result.problems.append("manifest.json and the packet manifest name different predecessors")
                    }
                    result.opened.append(("packet-manifest.json", plainManifest))
                } catch {
                    result.problems.append("the packet manifest does not decode: \(error)")
                }
            } else {
                result.problems.append("the packet manifest's signature does not verify")
            }
        }
        for record in manifest.records {
            guard DeliveryLayout.isSafeSegment(record.id), record.object == DeliveryLayout.recordObject(record.id) else {
                result.problems.append("record '\(record.id)' has an unexpected object name \(record.object)")
                continue
            }
            expected.insert(record.object)
            guard let plain = await open(object: record.object, recordID: record.id, packetID: packetID, folder: folder, size: record.size,
                                         sha256: record.sha256, sealedSize: record.sealedSize, sealedSha256: record.sealedSha256,
                                         problems: &result.problems) else { continue }
            if let problem = Self.decodeProblem(plain, format: record.format) {
                result.problems.append("record \(record.id): \(problem)")
            }
            if let packetManifest, !packetManifest.captures.contains(where: { $0.recordID == record.id && $0.recordSHA256 == record.sha256 }) {
                result.problems.append("record \(record.id) is not in the packet manifest with this SHA-256")
            }
            result.opened.append(("\(record.id).\(record.format).bin", plain))
        }
        if let packetManifest {
            let listed = Set(manifest.records.map(\.id))
            for capture in packetManifest.captures where !listed.contains(capture.recordID) {
                result.problems.append("record \(capture.recordID) of the packet manifest is missing from manifest.json")
            }
        }
        for extra in objects.subtracting(expected).sorted() {
            result.problems.append("unexpected object \(extra) in the packet's folder")
        }
        result.link = (manifest.packetManifest.sha256, manifest.previousManifestSHA256)
        return result
    }

    /// Downloads a sealed object, checks its size and SHA-256, opens it, and checks the plain bytes' size and SHA-256.
    func open(object: String, recordID: String, packetID: String, folder: String, size: Int, sha256: String, sealedSize: Int,
              sealedSha256: String, problems: inout [String]) async -> Data? {
        let sealed: [UInt8]
        do { sealed = try await client.get(key: folder + object) } catch {
            problems.append("\(object): \(error)")
            return nil
        }
        guard sealed.count == sealedSize, SigV4Signer.hex(SHA256.hash(data: sealed)) == sealedSha256 else {
            problems.append("\(object) does not match its sealed SHA-256 or size (damaged or replaced in the store)")
            return nil
        }
        let plain: Data
        do { plain = try RecordSeal.open(Data(sealed), packetID: packetID, recordID: recordID, with: centerKey) } catch {
            problems.append("\(object) does not open with the centre's key (sealed to another key, or for another packet)")
            return nil
        }
        guard plain.count == size, SigV4Signer.hex(SHA256.hash(data: plain)) == sha256 else {
            problems.append("\(object) opens, but not to the bytes its SHA-256 names")
            return nil
        }
        return plain
    }

    /// The kit's packet manifest: JSON with sorted keys whose dates are numbers of seconds since
    /// 2001-01-01T00:00:00Z (the kit stores it so, and its signature and the chain cover those exact bytes); ISO 8601
    /// dates are accepted too.
    static func decodePacketManifest(_ bytes: Data) throws -> PacketManifest {
        do { return try JSONDecoder().decode(PacketManifest.self, from: bytes) } catch {
            return try PacketManifest.decode(json: Array(bytes))
        }
    }

    /// Nil when `bytes` decode as the named ISO/IEC 19794 format, else why not.
    static func decodeProblem(_ bytes: Data, format: String) -> String? {
        do {
            guard let known = RecordFormat(rawValue: format) else { return "unknown record format \(format)" }
            try PacketRecord(id: "", format: known, bytes: Array(bytes)).validateContents()
            return nil
        } catch {
            return "does not decode as \(format): \(error)"
        }
    }

    /// The key that signs manifests with this fingerprint: a registered one, else one the kit published.
    func signingKey(kitID: String, fingerprint: String) async -> Curve25519.Signing.PublicKey? {
        func matches(_ key: Curve25519.Signing.PublicKey) -> Bool {
            SigV4Signer.hex(SHA256.hash(data: key.rawRepresentation)) == fingerprint
        }
        if let registered = registeredKeys[kitID] { return registered.first(where: matches) }
        for key in [layout.kitFolder(kitID) + "keys/\(fingerprint).pem", layout.kitKey(kitID)] {
            guard let pem = try? await client.get(key: key),
                  let publicKey = try? KitPublicKeyPEM.signingKey(pem: String(decoding: pem, as: UTF8.self)) else { continue }
            if matches(publicKey) { return publicKey }
        }
        return nil
    }

    /// Chain problems among a kit's delivered packets: a predecessor that was not delivered (a gap: missing, still on
    /// the kit, or purged there), two packets following the same one (a fork or a replay), a manifest delivered twice.
    static func chainProblems(_ links: [(packetID: String, manifest: String, previous: String?)]) -> [String] {
        var problems: [String] = []
        let byManifest = Dictionary(grouping: links, by: \.manifest)
        for (manifest, packets) in byManifest where packets.count > 1 {
            problems.append("packets \(packets.map(\.packetID).sorted().joined(separator: ", ")) carry the same manifest \(manifest.prefix(16))… (replayed)")
        }
        let byPrevious = Dictionary(grouping: links.filter { $0.previous != nil }, by: { $0.previous ?? "" })
        for (previous, packets) in byPrevious where packets.count > 1 {
            problems.append("packets \(packets.map(\.packetID).sorted().joined(separator: ", ")) all follow \(previous.prefix(16))… (fork or replay)")
        }
        let starts = links.filter { link in link.previous.map { byManifest[$0] == nil } ?? true }
        if starts.count > 1 {
            let gaps = starts.filter { $0.previous != nil }.map(\.packetID).sorted()
            problems.append("gap before packet(s) \(gaps.joined(separator: ", ")): their predecessor was not delivered "
                + "(missing, still on the kit, or purged there)")
        }
        return problems
    }

    /// `kits/<kit>/packets/<packet>/<object>` keys grouped by kit and packet (other keys, such as `kit.pem`, skipped).
    static func group(_ keys: [String], under root: String) -> [String: [String: Set<String>]] {
        var grouped: [String: [String: Set<String>]] = [:]
        for key in keys where key.hasPrefix(root) {
            let parts = key.dropFirst(root.count).split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[1] == "packets" else { continue }
            grouped[String(parts[0]), default: [:]][String(parts[2]), default: []].insert(String(parts[3]))
        }
        return grouped
    }
}

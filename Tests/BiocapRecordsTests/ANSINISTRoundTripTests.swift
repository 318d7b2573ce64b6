import BiocapCore
import BiocapImaging
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// Packets of real fingerprints, faces and irises written as ANSI/NIST-ITL transactions and read back.
@Suite struct ANSINISTRoundTripTests {
    @Test func aRealEnrolmentRoundTripsRecordForRecord() throws {
        let (packet, segments, faceJPEG) = try ANSINISTFixtures.enrolment()
        let built = try PacketTransaction.build(packet, segments: segments)
        let bytes = try built.encode()
        let read = try NISTTransaction.decode(bytes)
        #expect(ANSINISTFixtures.sorted(read) == ANSINISTFixtures.sorted(built))
        #expect(try read.encode() == bytes, "what is read is written back byte for byte")
        #expect(read.records.map(\.type) == [1, 2, 10, 14, 14, 14, 17, 17], "the signature and its PNG have no record")
        #expect(packet.records.count == 7)
        #expect(read.records.dropFirst().compactMap(\.idc) == [0, 1, 2, 3, 4, 5, 6])

        let header = try NISTTransactionInformation(read.records[0])
        #expect(header.version == "0500" && header.typeOfTransaction == "BIO" && header.priority == 5)
        #expect(header.controlNumber == packet.manifest.packetID && header.originatingAgency == "kit-0001")
        #expect(header.destinationAgency == "CENTRE" && header.domainName == "BIOCAP" && header.domainVersion == "1")
        #expect(header.nativeScanningResolution == "00.00" && header.nominalTransmittingResolution == "00.00")
        #expect(header.date.description == "20240506" && header.greenwichMeanTime == packet.manifest.createdAt)
        #expect(!header.declaresUTF8)
        #expect(String(decoding: bytes.prefix(6), as: UTF8.self) == "1.001:")

        let text = try NISTDescriptiveText(read.records[1])
        #expect(text.enrolmentID == "ENR-2026-0042" && text.operatorID == "officer-7")

        let face = try NISTFacialImage(read.records[2])
        #expect(face.imageData == faceJPEG, "the face JPEG passes through unchanged")
        #expect(face.geometry.compression == .jpegb && face.colourSpace == .srgb && face.imageType == "FACE")
        #expect(face.acquisitionProfile == 0 && face.acquisitionSource == "DIGITAL CAMERA")
        #expect(face.qualities == [NISTQualityMetric(score: 81, vendorID: 0, productCode: 0xB10C)])
        #expect(face.sourceAgency == "kit-0001" && face.captureDate.description == "20240506")

        let slap = try NISTFingerprintImage(read.records[3])
        let (slapImage, slapSegments) = try ANSINISTFixtures.leftSlap()
        #expect(slap.positions == [.plainLeftFour] && slap.segments == slapSegments.map {
            SlapSegment(finger: $0.finger, left: $0.left, right: $0.right, top: $0.top, bottom: $0.bottom)
        })
        #expect(slap.imageData == slapImage.pixels && slap.geometry?.compression == NISTCompression.none && slap.bitsPerPixel == 8)
        #expect(slap.geometry?.width == 1200 && slap.geometry?.height == 300)
        #expect(slap.geometry?.scaleUnits == .pixelsPerInch && slap.geometry?.horizontalPixelScale == 500)
        #expect(slap.amputations == [NISTAmputation(finger: .leftRing, code: .amputated)])
        #expect(slap.qualities.map(\.position) == FingerPosition.plainLeftFour.fingers.map { Optional($0) })
        #expect(slap.qualities.map(\.score) == [40, 50, 60, 70])
        #expect(slap.impressionType == 0)

        let finger = try NISTFingerprintImage(read.records[4])
        let fingerprint = try RecordFixtures.fingerprint("fvc2000-db3/105_1.pgm")
        #expect(finger.positions == [.rightIndex] && finger.imageData == fingerprint.pixels)
        #expect(finger.qualities == [NISTQualityMetric(position: .rightIndex, score: 72, vendorID: 0, productCode: 0xB10C)])
        #expect(finger.segments.isEmpty && finger.amputations.isEmpty)

        // The bandaged right thumb: no image holds it, so a Type-14 of its own says why (FGP and AMP, no image).
        let thumb = try NISTFingerprintImage(read.records[5])
        #expect(thumb.positions == [.rightThumb] && thumb.amputations == [NISTAmputation(finger: .rightThumb, code: .unableToPrint)])
        #expect(thumb.imageData == nil && thumb.geometry == nil && thumb.bitsPerPixel == nil)
        #expect(read.records[5].fields.map(\.number).sorted() == [2, 3, 4, 5, 13, 18])

        let irises = try read.records(ofType: 17).map { try NISTIrisImage($0) }
        #expect(irises.map(\.eye) == [.right, .left])
        #expect(irises[0].imageData == (try RecordFixtures.iris("001_1_1.pgm")).pixels)
        #expect(irises.allSatisfy { $0.geometry.compression == .none && $0.bitsPerPixel == 8 && $0.colourSpace == .gray })
        #expect(irises.allSatisfy { $0.geometry.scaleUnits == .none && $0.type2Reference == nil })
    }

    @Test func mosipJPEG2000RecordsKeepTheirCodestreams() throws {
        let packet = try SamplePackets.packet(id: "mosip-sample", createdAt: ANSINISTFixtures.createdAt)
        let read = try NISTTransaction.decode(try PacketTransaction.encode(packet))
        #expect(read.records.map(\.type) == [1, 2, 10, 14, 14, 17, 17], "the amputated right thumb has a Type-14 of its own")
        let finger = try NISTFingerprintImage(read.records[3])
        let iso = try FingerImageRecord.decode(try RecordFixtures.mosip("Left_Index.iso")).representations[0]
        #expect(finger.imageData == iso.imageData && finger.positions == [.leftIndex])
        #expect(finger.geometry?.compression == (iso.compression == .jpeg2000Lossless ? .jp2l : .jp2))
        #expect(finger.geometry?.width == Int(iso.width) && finger.geometry?.height == Int(iso.height))
        let face = try NISTFacialImage(read.records[2])
        let isoFace = try FaceImageRecord.decode(try RecordFixtures.mosip("Face.iso")).representations[0]
        #expect(face.imageData == isoFace.imageData && [.jp2, .jp2l].contains(face.geometry.compression))
        let iris = try NISTIrisImage(read.records[5])
        let isoIris = try IrisImageRecord.decode(try RecordFixtures.mosip("Left_Iris.iso")).representations[0]
        #expect(iris.imageData == isoIris.imageData && iris.eye == isoIris.eye)
    }

    @Test func update2015AddsTheType2CrossReference() throws {
        let (packet, segments, _) = try ANSINISTFixtures.enrolment()
        let read = try NISTTransaction.decode(
            try PacketTransaction.encode(packet, segments: segments, options: PacketTransactionOptions(
                typeOfTransaction: "CAR", destinationAgency: "ID-REGISTRY", priority: nil, version: .update2015)))
        let header = try NISTTransactionInformation(read.records[0])
        #expect(header.version == "0502" && header.typeOfTransaction == "CAR" && header.priority == nil)
        #expect(header.destinationAgency == "ID-REGISTRY")
        for record in read.records.dropFirst(2) { #expect(record.value(992) == "0", "Type-\(record.type) T2C") }
    }

    @Test func nonASCIIIdsDeclareUTF8() throws {
        let (packet, segments, _) = try ANSINISTFixtures.enrolment(enrolmentID: "PENDUDUK-Ñ-0042", operatorID: "petugas-ü")
        let read = try NISTTransaction.decode(try PacketTransaction.encode(packet, segments: segments))
        #expect(try NISTTransactionInformation(read.records[0]).declaresUTF8)
        let text = try NISTDescriptiveText(read.records[1])
        #expect(text.enrolmentID == "PENDUDUK-Ñ-0042" && text.operatorID == "petugas-ü")
    }

    /// LEN counts its own digits and the closing FS: around 99→100, 999→1000 and 9999→10000 every record says its
    /// true length. A body that leaves 98 bytes besides the digits cannot make a 100-byte record ("100" would be 101
    /// bytes), so its LEN is 101; one of 97 has two fixed points (99 with "99", 100 with "100") and takes the shorter.
    @Test func lengthIsItsOwnFixedPoint() throws {
        let header = try NISTTransactionInformation(
            typeOfTransaction: "BIO", date: try NISTDate(year: 2026, month: 1, day: 2), destinationAgency: "D",
            originatingAgency: "O", controlNumber: "T").record()
        // "2.001:" + LEN + GS + "2.002:0" + GS + "2.020:" + comment + FS: 22 bytes besides the comment and the digits.
        var saw: [Int: Int] = [:]
        for fixed in [95...105, 995...1005, 9995...10005].joined() {
            let comment = String(repeating: "x", count: fixed - 22)
            let record = NISTRecord(type: 2, fields: [NISTField(2, "0"), NISTField(20, comment)])
            let bytes = try NISTTransaction(records: [header, record]).encode()
            #expect(try NISTTransaction.decode(bytes).records[1].value(20) == comment)
            let second = bytes.split(separator: 0x1C)[1]
            let len = Int(String(decoding: second.prefix { $0 != 0x1D }.dropFirst(6), as: UTF8.self))
            #expect(len == second.count + 1, "a record of \(second.count + 1) bytes says \(String(describing: len))")
            saw[fixed] = len
        }
        #expect(saw[97] == 99 && saw[98] == 101 && saw[996] == 999 && saw[997] == 1001 && saw[9995] == 9999 && saw[9996] == 10001)
    }

    @Test func builderRefusesSegmentsThatDoNotFit() throws {
        let (packet, segments, _) = try ANSINISTFixtures.enrolment()
        #expect(throws: RecordError.self) {
            try PacketTransaction.build(packet, segments: [.plainRightFour: segments[.plainLeftFour] ?? []])
        }
        var outside = segments
        outside[.plainLeftFour]?[0].right = 1200
        #expect(throws: RecordError.self) { try PacketTransaction.build(packet, segments: outside) }
        var foreign = segments
        foreign[.plainLeftFour]?[0].finger = .rightIndex
        #expect(throws: RecordError.self) { try PacketTransaction.build(packet, segments: foreign) }
        // An ISO iris record holding a JPEG: Type-17 has no code for it (17.011: NONE, PNG, JP2, JP2L).
        var jpegIris = packet
        let jpeg = try TestData.bytes("face/photos/astronaut.jpg")
        let iris = IrisImageRecord(representations: [IrisImageRepresentation(
            captureDateTime: CaptureDateTime(ANSINISTFixtures.createdAt), eye: .left, imageFormat: .rgbJPEG, width: 512, height: 512,
            imageData: jpeg)])
        let index = try #require(jpegIris.records.firstIndex { $0.id == "left-iris" })
        jpegIris.records[index].bytes = try iris.encode()
        jpegIris.manifest.captures[index].recordSHA256 = jpegIris.records[index].sha256Hex
        jpegIris.manifest.captures[index].recordSize = jpegIris.records[index].bytes.count
        let error = try #require(throws: RecordError.self) { try PacketTransaction.build(jpegIris, segments: segments) }
        #expect("\(error)".contains("17.011"), "\(error)")
    }

    @Test func writerRefusesWhatCannotBeReadBack() throws {
        let header = try NISTTransactionInformation(
            typeOfTransaction: "BIO", date: try NISTDate(year: 2026, month: 1, day: 2), destinationAgency: "D",
            originatingAgency: "O", controlNumber: "T").record()
        let bad: [NISTRecord] = [
            NISTRecord(type: 2, fields: [NISTField(2, "0"), NISTField(20, "a\u{1E}b")]),  // a separator in text
            NISTRecord(type: 2, fields: [NISTField(2, "0"), NISTField(20, "naïve")]),  // non-ASCII without DCS
            NISTRecord(type: 2, fields: [NISTField(2, "0"), NISTField(20, "a"), NISTField(20, "b")]),
            NISTRecord(type: 2, fields: [NISTField(20, "no IDC")]),
            NISTRecord(type: 2, fields: [NISTField(2, "100")]),
            NISTRecord(type: 4, fields: [NISTField(2, "1")]),
            NISTRecord(type: 2, fields: [NISTField(2, "0"), NISTField(20, content: .binary([1, 2]))]),
            NISTRecord(type: 2, fields: [NISTField(2, "0"), NISTField(21, subfields: [])]),
        ]
        for record in bad {
            #expect(throws: RecordError.self, "\(record)") { try NISTTransaction(records: [header, record]).encode() }
        }
        #expect(throws: RecordError.self) {
            try NISTTransactionInformation(typeOfTransaction: "B10", date: try NISTDate(year: 2026, month: 1, day: 2),
                                           destinationAgency: "D", originatingAgency: "O", controlNumber: "T").record()
        }
        #expect(throws: RecordError.self) { try NISTDate(year: 2026, month: 2, day: 29) }
    }
}

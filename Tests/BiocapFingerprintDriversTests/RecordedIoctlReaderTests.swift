import BiocapDeviceKit
import BiocapDeviceTesting
import BiocapTestSupport
import Testing

/// The umockdev `.ioctl` reader on hand-written lines: what each field becomes, and the errors a damaged
/// recording gives (the real recordings are read by every replay test).
@Suite struct RecordedIoctlReaderTests {
    @Test func fieldsBecomeTransfers() throws {
        let text = """
            @DEV /dev/bus/usb/001/002 (usbdevfs)
            USBDEVFS_CONNECTINFO 0 0B00000000000000
            USBDEVFS_REAPURB 0 2 0 0 0 12 12 0 80060001000012000112010002FF
              USBDEVFS_REAPURBNDELAY 0 3 129 0 0 4 4 0 0aFF10e7
            USBDEVFS_REAPURB 0 3 1 -110 0 2 0 0 AB01
            USBDEVFS_REAPURB 0 1 130 -32 0 8 0 0
            """
        let transfers = try RecordedIoctlReader.parse(text)
        #expect(transfers.count == 4)
        let control = try #require(transfers.first)
        #expect(control.kind == .control && control.setup?.request == 6 && control.setup?.value == 0x0100)
        #expect(control.requestedLength == 0x12 && control.isIn && control.inData == [0x01, 0x12, 0x01, 0x00, 0x02, 0xFF])
        #expect(transfers[1].kind == .bulk && transfers[1].endpoint == 0x81 && transfers[1].inData == [0x0A, 0xFF, 0x10, 0xE7])
        #expect(transfers[2].outData == [0xAB, 0x01] && transfers[2].failure == .timeout(endpoint: 1))
        #expect(transfers[3].kind == .interrupt && transfers[3].failure == .stall(endpoint: 0x82) && transfers[3].inData.isEmpty)
    }

    @Test func crlfLinesReadLikeLF() throws {
        let lf = "USBDEVFS_REAPURB 0 3 129 0 0 4 4 0 0aff10e7\nUSBDEVFS_REAPURB 0 3 1 0 0 2 2 0 ab01\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try RecordedIoctlReader.parse(crlf) == RecordedIoctlReader.parse(lf))
        #expect(try RecordedIoctlReader.parse(crlf).count == 2)
    }

    @Test(arguments: [
        ("USBDEVFS_REAPURB 0 3 129 0 0 4", "line 2: expected at least 9 fields, found 7"),
        ("USBDEVFS_REAPURB 0 3 12x 0 0 4 4 0 00", "line 2: '12x' is not a number"),
        ("USBDEVFS_REAPURB 0 3 129 0 0 99999999999999999999 4 0 00", "line 2: '99999999999999999999' is not a number"),
        ("USBDEVFS_REAPURB 0 3 300 0 0 4 4 0 00", "line 2: endpoint 300"),
        ("USBDEVFS_REAPURB 0 3 129 0 0 4 4 0 0a1", "line 2: odd number of hex digits"),
        ("USBDEVFS_REAPURB 0 3 129 0 0 4 4 0 0a1g", "line 2: not hex at column 2"),
    ])
    func damagedLinesNameTheirLine(line: String, message: String) {
        do {
            let transfers = try RecordedIoctlReader.parse("@DEV /dev/bus/usb/001/002\n" + line + "\n")
            Issue.record("read as \(transfers)")
        } catch {
            #expect("\(error)" == "ioctl recording \(message)")
        }
    }
}

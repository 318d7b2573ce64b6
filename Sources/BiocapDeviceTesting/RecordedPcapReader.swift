import BiocapCore
import BiocapDeviceKit
import Foundation

/// Reads usbmon captures in pcapng (link type 220, `USB_LINUX_MMAPPED`, 64-byte header; or 189,
/// `USB_LINUX`, 48-byte header) and pairs each submission (`S`) with its completion (`C`) into
/// transfers of one device. Standard control requests (descriptor reads from enumeration) are
/// left out: they come from the kernel and libusb, not from a driver.
public enum RecordedPcapReader {
    public struct FormatError: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "pcapng: \(reason)" }
    }

    public static func read(_ url: URL, bus: Int, device: Int) throws -> [RecordedUSBTransfer] {
        try parse([UInt8](Data(contentsOf: url)), bus: bus, device: device)
    }

    public static func parse(_ bytes: [UInt8], bus: Int, device: Int) throws -> [RecordedUSBTransfer] {
        var submissions: [UInt64: Event] = [:]
        var transfers: [RecordedUSBTransfer] = []
        for event in try parseEvents(bytes, bus: bus, device: device) {
            switch event.type {
            case UInt8(ascii: "S"):
                submissions[event.id] = event
            case UInt8(ascii: "C"), UInt8(ascii: "E"):
                guard let submission = submissions.removeValue(forKey: event.id) else { break }
                if let transfer = transfer(submission, event) { transfers.append(transfer) }
            default:
                break
            }
        }
        return transfers
    }

    /// Every usbmon event (submission, completion, error) of one device, in capture order: what a
    /// replay that keeps transfers in flight (`RecordedURBReplayTransport`) walks.
    public static func events(_ url: URL, bus: Int, device: Int) throws -> [Event] {
        try parseEvents([UInt8](Data(contentsOf: url)), bus: bus, device: device)
    }

    public static func parseEvents(_ bytes: [UInt8], bus: Int, device: Int) throws -> [Event] {
        var linkTypes: [Int] = []
        var events: [Event] = []
        var offset = 0
        while offset + 12 <= bytes.count {
            let blockType = u32(bytes, offset)
            let blockLength = Int(u32(bytes, offset + 4))
            guard blockLength >= 12, blockLength % 4 == 0, offset + blockLength <= bytes.count else {
                throw FormatError(reason: "bad block length \(blockLength) at offset \(offset)")
            }
            let body = offset + 8
            switch blockType {
            case 0x0A0D_0D0A:
                guard u32(bytes, body) == 0x1A2B_3C4D else { throw FormatError(reason: "big-endian captures are not supported") }
                linkTypes = []
            case 1:
                linkTypes.append(Int(u16(bytes, body)))
            case 6:
                let interface = Int(u32(bytes, body))
                let captured = Int(u32(bytes, body + 12))
                guard interface < linkTypes.count else { throw FormatError(reason: "packet on undeclared interface \(interface)") }
                let headerLength: Int
                switch linkTypes[interface] {
                case 220: headerLength = 64
                case 189: headerLength = 48
                default: throw FormatError(reason: "link type \(linkTypes[interface]) is not usbmon")
                }
                let packet = Array(bytes[(body + 20) ..< min(body + 20 + captured, offset + blockLength - 4)])
                guard packet.count >= headerLength else { throw FormatError(reason: "packet shorter than its usbmon header") }
                let event = Event(packet: packet, headerLength: headerLength)
                if event.bus == bus, event.device == device { events.append(event) }
            default:
                break
            }
            offset += blockLength
        }
        return events
    }

    /// One usbmon event: the fixed header fields and the data after it.
    public struct Event: Sendable, Equatable {
        public var id: UInt64
        public var type: UInt8
        public var transferType: UInt8
        public var endpoint: UInt8
        public var device: Int
        public var bus: Int
        public var hasSetup: Bool
        public var status: Int
        public var length: Int
        public var setup: [UInt8]
        public var data: [UInt8]

        public init(packet: [UInt8], headerLength: Int) {
            id = UInt64(RecordedPcapReader.u32(packet, 0)) | UInt64(RecordedPcapReader.u32(packet, 4)) << 32
            type = packet[8]
            transferType = packet[9]
            endpoint = packet[10]
            device = Int(packet[11])
            bus = Int(RecordedPcapReader.u16(packet, 12))
            hasSetup = packet[14] == 0
            status = Int(Int32(bitPattern: RecordedPcapReader.u32(packet, 28)))
            length = Int(RecordedPcapReader.u32(packet, 32))
            setup = Array(packet[40..<48])
            data = Array(packet[headerLength...])
        }
    }

    private static func transfer(_ submission: Event, _ completion: Event) -> RecordedUSBTransfer? {
        let kind: RecordedUSBTransfer.Kind = switch submission.transferType {
        case 0: .isochronous
        case 1: .interrupt
        case 2: .control
        default: .bulk
        }
        var transfer = RecordedUSBTransfer(
            kind: kind, endpoint: submission.endpoint, setup: nil, requestedLength: submission.length,
            outData: [], inData: [], failure: RecordedUSBTransfer.failure(status: completion.status, endpoint: submission.endpoint))
        if kind == .control {
            guard submission.hasSetup else { return nil }
            let setup = RecordedUSBTransfer.Setup(submission.setup)
            if setup.isStandard { return nil }
            transfer.setup = setup
            transfer.endpoint = 0
            transfer.requestedLength = Int(setup.length)
        }
        if transfer.isIn {
            transfer.inData = completion.data
        } else {
            transfer.outData = submission.data
        }
        return transfer
    }

    /// Little-endian fields (the only byte order this reader takes); 0 past the end, which the
    /// block-length checks then refuse.
    private static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 { bytes.integer(at: offset, .littleEndian) ?? 0 }

    private static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 { bytes.integer(at: offset, .littleEndian) ?? 0 }
}

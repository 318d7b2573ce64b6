/// A HID interface as the configuration descriptor declares it: its number, the length of its report descriptor, and
/// its interrupt-IN endpoint (HID 1.11 §6.2.1, USB 2.0 §9.6).
public struct HIDInterface: Sendable, Hashable {
    public var number: UInt8
    public var reportDescriptorLength: Int
    public var inputEndpoint: UInt8
    public var maxPacketSize: Int

    /// Every HID interface (class 3, alternate setting 0) with a report descriptor and an interrupt-IN endpoint, in
    /// descriptor order. A malformed configuration descriptor yields what could be read before the damage.
    public static func all(inConfiguration bytes: [UInt8]) -> [HIDInterface] {
        var found: [HIDInterface] = []
        var current: (number: UInt8, isHID: Bool)?
        var length: Int?
        var endpoint: (address: UInt8, size: Int)?
        func finish() {
            if let current, current.isHID, let length, let endpoint {
                found.append(HIDInterface(number: current.number, reportDescriptorLength: length, inputEndpoint: endpoint.address,
                                          maxPacketSize: endpoint.size))
            }
        }
        var index = 0
        while index + 2 <= bytes.count {
            let size = Int(bytes[index]), type = bytes[index + 1]
            guard size >= 2, index + size <= bytes.count else { break }
            let descriptor = bytes[index..<(index + size)].map { $0 }
            switch type {
            case 0x04 where size >= 9:  // interface
                finish()
                current = (descriptor[2], descriptor[3] == 0 && descriptor[5] == 0x03)
                length = nil
                endpoint = nil
            case 0x21 where size >= 9:  // HID: class descriptors follow as (type, length) pairs
                let count = Int(descriptor[5])
                for item in 0..<count where 6 + item * 3 + 2 < size {
                    if descriptor[6 + item * 3] == 0x22 {
                        length = Int(descriptor[7 + item * 3]) | Int(descriptor[8 + item * 3]) << 8
                    }
                }
            case 0x05 where size >= 7:  // endpoint: the first interrupt IN one
                if endpoint == nil, descriptor[2] & 0x80 != 0, descriptor[3] & 0x03 == 0x03 {
                    endpoint = (descriptor[2], Int(descriptor[4]) | Int(descriptor[5] & 0x07) << 8)
                }
            default:
                break
            }
            index += size
        }
        finish()
        return found
    }
}

/// A parsed HID report descriptor (HID 1.11 §6.2.2): the input reports it declares and the fields in each.
/// Pure: built from the descriptor's bytes; malformed input is a `HIDDescriptorError`, never a crash.
public struct HIDReportDescriptor: Sendable, Hashable {
    /// Input reports by id (nil key: the device does not number its reports), each field in bit order.
    public var inputReports: [UInt8?: [HIDReportField]]
    /// Length in bytes of each input report as read from the endpoint, the Report ID byte included.
    public var inputReportLengths: [UInt8?: Int]
    /// Every Application collection, in the order they open.
    public var applications: [HIDUsage]

    /// Reports nest collections and pushes shallowly in practice; deeper is a hostile or broken descriptor.
    static let maximumDepth = 32
    /// A report longer than this cannot come from a USB interrupt endpoint in any real device.
    static let maximumReportBits = 65_536 * 8
    /// Variable fields in the whole descriptor; real ones declare a few hundred. Without this cap, 255 report ids of
    /// 524,288 one-bit fields each would ask for gigabytes.
    static let maximumFields = 65_536

    /// Global items, saved and restored by Push and Pop.
    struct Globals {
        var usagePage: UInt16 = 0
        var logicalMinimum: Int64 = 0
        var logicalMaximumRaw: (value: UInt32, size: Int) = (0, 0)
        var physicalMinimum: Int64 = 0
        var physicalMaximumRaw: (value: UInt32, size: Int) = (0, 0)
        var unitExponent = 0
        var unit: UInt32 = 0
        var reportSize = 0
        var reportID: UInt8?
        var reportCount = 0
    }

    /// Local items, cleared after each Main item.
    struct Locals {
        var usages: [HIDUsage] = []
        var usageMinimum: HIDUsage?
        var usageMaximum: HIDUsage?
    }

    public init(bytes: [UInt8]) throws(HIDDescriptorError) {
        var globals = Globals()
        var stack: [Globals] = []
        var locals = Locals()
        var collections: [(usage: HIDUsage?, isApplication: Bool)] = []
        var offsets: [UInt8?: Int] = [:]
        var reports: [UInt8?: [HIDReportField]] = [:]
        var applications: [HIDUsage] = []
        var fieldCount = 0
        var index = 0
        while index < bytes.count {
            let itemStart = index
            let prefix = bytes[index]
            if prefix == 0xFE {
                // A long item (none is defined by HID 1.11): skip it whole.
                guard index + 2 < bytes.count else { throw .truncated(offset: itemStart) }
                let length = Int(bytes[index + 1])
                index += 3 + length
                guard index <= bytes.count else { throw .truncated(offset: itemStart) }
                continue
            }
            let size = [0, 1, 2, 4][Int(prefix & 0x03)]
            let type = (prefix >> 2) & 0x03
            let tag = prefix >> 4
            guard index + 1 + size <= bytes.count else { throw .truncated(offset: itemStart) }
            var unsigned: UInt32 = 0
            for byte in 0..<size { unsigned |= UInt32(bytes[index + 1 + byte]) << UInt32(8 * byte) }
            let signed: Int64 = switch size {
            case 1: Int64(Int8(truncatingIfNeeded: unsigned))
            case 2: Int64(Int16(truncatingIfNeeded: unsigned))
            case 4: Int64(Int32(bitPattern: unsigned))
            default: 0
            }
            index += 1 + size

            switch type {
            case 0:  // Main
                switch tag {
                case 0x8:  // Input
                    let field = try Self.input(flags: unsigned, globals: globals, locals: locals, collections: collections,
                                               offset: offsets[globals.reportID, default: globals.reportID == nil ? 0 : 8],
                                               fieldBudget: Self.maximumFields - fieldCount, itemStart: itemStart)
                    fieldCount += field.fields.count
                    reports[globals.reportID, default: []] += field.fields
                    offsets[globals.reportID] = field.nextOffset
                case 0xA:  // Collection
                    guard collections.count < Self.maximumDepth else { throw .unbalancedCollection(offset: itemStart) }
                    let usage = locals.usages.first ?? locals.usageMinimum
                    let isApplication = unsigned & 0xFF == 0x01
                    collections.append((usage, isApplication))
                    if isApplication, let usage { applications.append(usage) }
                case 0xC:  // End Collection
                    guard collections.popLast() != nil else { throw .unbalancedCollection(offset: itemStart) }
                default:  // Output, Feature: not what a pen sends
                    break
                }
                locals = Locals()
            case 1:  // Global
                switch tag {
                case 0x0: globals.usagePage = UInt16(truncatingIfNeeded: unsigned)
                case 0x1: globals.logicalMinimum = signed
                case 0x2: globals.logicalMaximumRaw = (unsigned, size)
                case 0x3: globals.physicalMinimum = signed
                case 0x4: globals.physicalMaximumRaw = (unsigned, size)
                case 0x5:
                    // The spec's 4-bit nibble (0x0D = -3), or a whole signed byte (0xFD = -3) as some tablets send.
                    globals.unitExponent = unsigned <= 0xF ? (unsigned >= 8 ? Int(unsigned) - 16 : Int(unsigned)) : Int(signed)
                case 0x6: globals.unit = unsigned
                case 0x7: globals.reportSize = Int(unsigned)
                case 0x8:
                    guard unsigned & 0xFF != 0 else { throw .reservedReportID(offset: itemStart) }
                    globals.reportID = UInt8(truncatingIfNeeded: unsigned)
                case 0x9: globals.reportCount = Int(unsigned)
                case 0xA:
                    guard stack.count < Self.maximumDepth else { throw .unbalancedPushPop(offset: itemStart) }
                    stack.append(globals)
                case 0xB:
                    guard let saved = stack.popLast() else { throw .unbalancedPushPop(offset: itemStart) }
                    globals = saved
                default: break
                }
            case 2:  // Local
                // A 4-byte usage carries its own page (an extended usage); a shorter one takes the current page.
                let usage = size == 4 ? HIDUsage(rawValue: unsigned) : HIDUsage(page: globals.usagePage, id: UInt16(truncatingIfNeeded: unsigned))
                switch tag {
                case 0x0: locals.usages.append(usage)
                case 0x1: locals.usageMinimum = usage
                case 0x2: locals.usageMaximum = usage
                default: break
                }
            default:
                break
            }
        }
        var lengths: [UInt8?: Int] = [:]
        for (id, bits) in offsets { lengths[id] = (bits + 7) / 8 }
        inputReports = reports.filter { !$0.value.isEmpty }
        inputReportLengths = lengths
        self.applications = applications
    }

    /// The fields of one Input item and the bit offset after it.
    static func input(
        flags: UInt32, globals: Globals, locals: Locals, collections: [(usage: HIDUsage?, isApplication: Bool)], offset: Int,
        fieldBudget: Int, itemStart: Int
    ) throws(HIDDescriptorError) -> (fields: [HIDReportField], nextOffset: Int) {
        let (size, count) = (globals.reportSize, globals.reportCount)
        guard size >= 0, count >= 0, size <= 4096, count <= maximumReportBits, size * count <= maximumReportBits,
              offset + size * count <= maximumReportBits else { throw .reportTooLarge(offset: itemStart) }
        let next = offset + size * count
        let isConstant = flags & 0x01 != 0, isVariable = flags & 0x02 != 0
        guard !isConstant, isVariable, size > 0 else { return ([], next) }  // padding and arrays carry no pen values

        guard count <= fieldBudget else { throw .tooManyFields(offset: itemStart) }

        var usages = locals.usages
        if usages.isEmpty, let minimum = locals.usageMinimum, let maximum = locals.usageMaximum, minimum <= maximum {
            var current = minimum.rawValue
            while usages.count < count {
                usages.append(HIDUsage(rawValue: current))
                // Stop at the maximum before stepping: a range ending at 0xFFFFFFFF must not overflow.
                if current == maximum.rawValue { break }
                current += 1
            }
        }
        guard !usages.isEmpty else { return ([], next) }
        // Maxima are unsigned unless the minimum is negative (a tablet's `26 ff 00` is 255, not -1).
        func maximum(_ raw: (value: UInt32, size: Int), minimum: Int64) -> Int64 {
            guard minimum < 0 else { return Int64(raw.value) }
            return switch raw.size {
            case 1: Int64(Int8(truncatingIfNeeded: raw.value))
            case 2: Int64(Int16(truncatingIfNeeded: raw.value))
            case 4: Int64(Int32(bitPattern: raw.value))
            default: 0
            }
        }
        let applications = collections.filter(\.isApplication).compactMap(\.usage)
        var fields: [HIDReportField] = []
        for item in 0..<count {
            // More values than usages: the last usage repeats (HID 1.11 §6.2.2.8).
            let usage = usages[min(item, usages.count - 1)]
            fields.append(HIDReportField(
                usage: usage, reportID: globals.reportID, bitOffset: offset + item * size, bitSize: size,
                logicalMinimum: globals.logicalMinimum, logicalMaximum: maximum(globals.logicalMaximumRaw, minimum: globals.logicalMinimum),
                physicalMinimum: globals.physicalMinimum,
                physicalMaximum: maximum(globals.physicalMaximumRaw, minimum: globals.physicalMinimum),
                unit: globals.unit, unitExponent: globals.unitExponent, application: applications.last, applications: applications,
                isRelative: flags & 0x04 != 0))
        }
        return (fields, next)
    }
}

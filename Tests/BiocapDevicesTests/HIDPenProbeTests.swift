import BiocapCore
import BiocapDevices
import BiocapTestSupport
import Foundation
import Testing

/// Finding pen tablets without device I/O: a fake sysfs tree with the kernel's copy of real report descriptors.
@Suite struct HIDPenProbeTests {
    static let descriptors = TestData.sharedRoot.appendingPathComponent("devices/hid/descriptors")

    static func hex(_ file: String) throws -> [UInt8] {
        try String(contentsOf: descriptors.appendingPathComponent(file), encoding: .utf8)
            .split(whereSeparator: { $0 == " " || $0.isNewline }).compactMap { UInt8($0, radix: 16) }
    }

    /// A configuration (value 1) with HID interfaces 0 and 1.
    static let configuration: [UInt8] = {
        func interface(_ number: UInt8, endpoint: UInt8) -> [UInt8] {
            [9, 0x04, number, 0, 1, 0x03, 0, 0, 0, 9, 0x21, 0x11, 0x01, 0, 1, 0x22, 0x40, 0x00, 7, 0x05, endpoint, 0x03, 16, 0, 2]
        }
        let body = interface(0, endpoint: 0x81) + interface(1, endpoint: 0x82)
        return [9, 0x02, UInt8(9 + body.count), 0, 2, 1, 0, 0x80, 50] + body
    }()

    @Test func aTabletIsFoundByTheKernelsCopyOfItsDescriptorAndAKeyboardIsNot() throws {
        let root = try TestData.temporaryDirectory("sysfs")
        defer { try? FileManager.default.removeItem(at: root) }
        func place(port: String, interface: Int, descriptor: [UInt8]) throws {
            let directory = root.appendingPathComponent("\(port):1.\(interface)/0003:28BD:0906.000\(interface)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(descriptor).write(to: directory.appendingPathComponent("report_descriptor"))
        }
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.descriptors.appendingPathComponent("index.json")))
        let entries = (index as? [String: Any])?["descriptors"] as? [[String: Any]] ?? []
        let keyboard = try #require(entries.first { $0["kind"] as? String == "no-pen-fields" }?["file"] as? String)
        let other = try Self.hex(keyboard)
        // Port 1-4: a keyboard-like interface 0 and the XP-Pen Deco 01's pen interface 1.
        try place(port: "1-4", interface: 0, descriptor: other)
        try place(port: "1-4", interface: 1, descriptor: try Self.hex("xp-pen-deco-01-v2-rev-b-if1_28bd-0905.hex"))
        // Port 1-5: only the keyboard-like interface.
        try place(port: "1-5", interface: 0, descriptor: other)
        let probe = HIDPenProbe(root: root.path)
        #expect(probe.hasPenReport(portPath: "1-4", vendorID: 0x28BD, productID: 0x0905, configuration: Self.configuration))
        #expect(!probe.hasPenReport(portPath: "1-5", vendorID: 0x1234, productID: 0x0001, configuration: Self.configuration))
        #expect(!probe.hasPenReport(portPath: "2-1", vendorID: 0x1234, productID: 0x0002, configuration: Self.configuration), "nothing in sysfs")
        // While biocap holds the interface usbhid is detached and the descriptor gone: the answer is remembered.
        try FileManager.default.removeItem(at: root.appendingPathComponent("1-4:1.1"))
        #expect(probe.hasPenReport(portPath: "1-4", vendorID: 0x28BD, productID: 0x0905, configuration: Self.configuration))
        // Garbage in sysfs is no pen, never a crash.
        try place(port: "1-6", interface: 1, descriptor: [0xA1, 0x01, 0xFF, 0xFF])
        #expect(!probe.hasPenReport(portPath: "1-6", vendorID: 0x1234, productID: 0x0003, configuration: Self.configuration))
        #expect(!probe.hasPenReport(portPath: "1-6", vendorID: 0x1234, productID: 0x0003, configuration: [0x09]))
    }

    @Test func theSTUPadsAreRegisteredAsSignaturePads() throws {
        let registry = DriverRegistry.standard
        for pid: UInt16 in [0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8] {
            let driver = try #require(registry.usbDriver(for: USBID(vendorID: 0x056A, productID: pid)))
            #expect(driver.name == "wacom-stu" && driver.modality == .signature)
        }
    }
}

import BiocapCore
import Testing

@testable import BiocapHID

/// Mapping decoded reports to points: offsets, device time with wrap-around, tilt in degrees.
@Suite struct PenPointMapperTests {
    static func field(_ usage: HIDUsage, bit: Int, size: Int, logical: ClosedRange<Int64>, physical: ClosedRange<Int64> = 0...0,
                      unit: UInt32 = 0, exponent: Int = 0) -> HIDReportField {
        HIDReportField(usage: usage, reportID: 2, bitOffset: bit, bitSize: size, logicalMinimum: logical.lowerBound,
                       logicalMaximum: logical.upperBound, physicalMinimum: physical.lowerBound, physicalMaximum: physical.upperBound,
                       unit: unit, unitExponent: exponent, application: .pen, applications: [.pen], isRelative: false)
    }

    static let pen: PenReport? = PenReport(reportID: 2, fields: [
        field(.tipSwitch, bit: 8, size: 1, logical: 0...1),
        field(.x, bit: 16, size: 16, logical: 100...10_099),
        field(.y, bit: 32, size: 16, logical: 0...4_999),
        field(.tipPressure, bit: 48, size: 16, logical: 0...4095),
        // ±60° over -127…127 in English rotation (degrees).
        field(.xTilt, bit: 64, size: 8, logical: -127...127, physical: -60...60, unit: 0x14),
        field(.yTilt, bit: 72, size: 8, logical: -60...60),
        // 16-bit Scan Time in 100 µs units (seconds, exponent -4).
        field(.scanTime, bit: 80, size: 16, logical: 0...65_535, unit: 0x1001, exponent: -4),
    ], length: 12)

    @Test func offsetsTiltAndScanTimeWrapAround() throws {
        let pen = try #require(Self.pen)
        let geometry = PadGeometry(pen: pen, usbID: nil)
        #expect(geometry.width == 10_000 && geometry.height == 5_000 && geometry.tilt && geometry.pressureMaximum == 4095)
        var mapper = PenPointMapper(pen: pen, geometry: geometry)
        func sample(x: Int64, scan: Int64, tilt: Int64 = 0) -> PenSample {
            PenSample(x: x, y: 4_999, pressure: 5000, tip: true, inRange: nil, tiltX: tilt, tiltY: -30, scanTime: scan)
        }
        let first = mapper.point(from: sample(x: 100, scan: 65_530, tilt: 127), hostTime: .seconds(7))
        #expect(first.x == 0 && first.y == 4_999 && first.pressure == 4095 && first.inRange && first.time == .zero)
        #expect(first.tiltX.map { abs($0 - 60) < 0.001 } == true && first.tiltY == -30)
        let second = mapper.point(from: sample(x: 20_000, scan: 65_535), hostTime: .seconds(1))
        #expect(second.x == 9_999 && second.time == .microseconds(500), "device time, not the host's")
        let wrapped = mapper.point(from: sample(x: 50, scan: 4), hostTime: .seconds(1))
        #expect(wrapped.x == 0 && wrapped.time == .microseconds(1_000), "65,535 → 4 is 5 counts later")
    }

    @Test func withoutScanTimeTheHostClockCountsFromTheFirstSample() throws {
        var pen = try #require(Self.pen)
        pen.scanTime = nil
        var mapper = PenPointMapper(pen: pen, geometry: PadGeometry(pen: pen, usbID: nil))
        let sample = PenSample(x: 200, y: 10, pressure: nil, tip: false, inRange: false)
        #expect(mapper.point(from: sample, hostTime: .milliseconds(40)).time == .zero)
        let later = mapper.point(from: sample, hostTime: .milliseconds(45))
        #expect(later.time == .milliseconds(5) && !later.inRange && later.pressure == 0)
    }
}

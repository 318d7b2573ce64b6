import BiocapCore
import BiocapDeviceKit
import BiocapUVC

/// The camera-terminal and processing-unit controls of the simulated camera: values keyed by
/// `selector << 8 | unit ID`, with fixed ranges.
enum SimulatedUVCControls {
    static func key(_ control: UVCControl) -> UInt16 {
        let unit = control.onCameraTerminal ? SimulatedUVCDescriptors.cameraTerminalID : SimulatedUVCDescriptors.processingUnitID
        return UInt16(control.selector) << 8 | UInt16(unit)
    }

    static let ranges: [UVCControl: ClosedRange<Int>] = [
        .autoExposureMode: 1...8, .exposureTime: 3...2047, .focus: 0...250, .autoFocus: 0...1,
        .gain: 0...255, .whiteBalanceTemperature: 2800...6500, .autoWhiteBalance: 0...1,
    ]

    static let defaults: [UInt16: Int] = [
        key(.autoExposureMode): 8, key(.exposureTime): 166, key(.focus): 0, key(.autoFocus): 1,
        key(.gain): 64, key(.whiteBalanceTemperature): 4600, key(.autoWhiteBalance): 1,
    ]

    static func control(value: UInt16, index: UInt16) -> UVCControl? {
        guard index & 0xff == UInt16(SimulatedUVCDescriptors.controlInterface) else { return nil }
        let wanted = UInt16(value & 0xff00) | (index >> 8)
        return UVCControl.allCases.first { key($0) == wanted }
    }

    static func get(_ values: [UInt16: Int], request: UVCRequest, value: UInt16, index: UInt16, length: Int) throws(USBTransferError) -> [UInt8] {
        guard let control = control(value: value, index: index), length == control.length, let range = ranges[control] else {
            throw .stall(endpoint: 0)
        }
        let number: Int
        switch request {
        case .getCurrent: number = values[key(control)] ?? range.lowerBound
        case .getMinimum: number = range.lowerBound
        case .getMaximum: number = range.upperBound
        case .getDefault: number = defaults[key(control)] ?? range.lowerBound
        case .getResolution: number = 1
        case .getInfo: return [0x03]
        default: throw .stall(endpoint: 0)
        }
        return [UInt8].bytes(of: number, size: length, .littleEndian)
    }

    static func set(_ values: inout [UInt16: Int], value: UInt16, index: UInt16, data: [UInt8]) throws(USBTransferError) {
        guard let control = control(value: value, index: index), data.count == control.length, let range = ranges[control] else {
            throw .stall(endpoint: 0)
        }
        let number = Int(truncatingIfNeeded: data.integer(UInt64.self, at: 0, size: data.count, .littleEndian) ?? 0)
        guard range.contains(number) else { throw .stall(endpoint: 0) }
        values[key(control)] = number
    }
}

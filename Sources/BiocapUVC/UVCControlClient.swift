import BiocapCore
import BiocapDeviceKit

/// Reads and writes camera-terminal / processing-unit controls over the control endpoint:
/// wValue = selector << 8, wIndex = unit ID << 8 | VideoControl interface.
public struct UVCControlClient: Sendable {
    public let transport: any USBTransport
    public let description: UVCDeviceDescription
    public var timeout: Duration = .seconds(1)

    public init(transport: any USBTransport, description: UVCDeviceDescription) {
        self.transport = transport
        self.description = description
    }

    /// The controls this camera advertises.
    public var supported: [UVCControl] { UVCControl.supported(by: description) }

    /// GET_CUR / GET_MIN / GET_MAX / GET_DEF of `control`, as an integer.
    public func get(_ control: UVCControl, _ request: UVCRequest = .getCurrent) async throws -> Int {
        let reply = try await transport.controlIn(
            requestType: UVCRequest.requestTypeIn, request: request.rawValue, value: UInt16(control.selector) << 8,
            index: try index(of: control), length: control.length, timeout: timeout)
        guard reply.count == control.length else {
            throw UVCNegotiationError.shortReply(expected: control.length, got: reply.count)
        }
        return Int(truncatingIfNeeded: reply.integer(UInt64.self, at: 0, size: reply.count, .littleEndian) ?? 0)
    }

    /// SET_CUR of `control`, clamped to the camera's range for multi-byte values.
    public func set(_ control: UVCControl, to value: Int) async throws {
        var value = value
        if control.length > 1 {
            let minimum = try await get(control, .getMinimum)
            let maximum = try await get(control, .getMaximum)
            value = min(max(value, minimum), max(minimum, maximum))
        }
        let data = [UInt8].bytes(of: value, size: control.length, .littleEndian)
        try await transport.controlOut(
            requestType: UVCRequest.requestTypeOut, request: UVCRequest.setCurrent.rawValue,
            value: UInt16(control.selector) << 8, index: try index(of: control), data: data, timeout: timeout)
    }

    /// The range of a control (GET_MIN, GET_MAX).
    public func range(_ control: UVCControl) async throws -> ClosedRange<Int> {
        let minimum = try await get(control, .getMinimum)
        return minimum...max(minimum, try await get(control, .getMaximum))
    }

    private func index(of control: UVCControl) throws -> UInt16 {
        guard supported.contains(control),
              let unit = control.onCameraTerminal ? description.cameraTerminal?.terminalID : description.processingUnit?.unitID
        else { throw UVCControlError.unsupported(control) }
        return UInt16(unit) << 8 | UInt16(description.controlInterface & 0xff)
    }
}

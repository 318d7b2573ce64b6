extension CaptureRequest {
    /// The positions to capture: the requested ones not recorded as exceptions, in request order.
    public var wantedPositions: [BiometricPosition] {
        let excepted = Set(exceptions.map(\.position))
        return positions.filter { !excepted.contains($0) }
    }

    /// Admits the request on a device: the request is valid, asks for the device's modality, and every
    /// wanted position is one the device captures (an excepted position need not be). The one admission
    /// rule of the capture manager, the capture session and every device.
    /// - Returns: the wanted positions, in request order (never empty: `validate()` refuses that).
    /// - Throws: `invalidRequest` naming the field (`positions`, `modality`, `threshold`, `timeout`, `exceptions`).
    public func admit(on descriptor: DeviceDescriptor) throws(BiocapError) -> [BiometricPosition] {
        try validate()
        guard modality == descriptor.modality else {
            throw .invalidRequest(field: "modality",
                                  reason: "device \(descriptor.id) captures \(descriptor.modality.rawValue), not \(modality.rawValue)")
        }
        let wanted = wantedPositions
        for position in wanted where !descriptor.capabilities.positions.contains(position) {
            throw .invalidRequest(field: "positions", reason: "device \(descriptor.id) cannot capture '\(position.name)'")
        }
        return wanted
    }
}

import CLibUSB

/// The transfer types a single-shot transfer can use.
public enum USBTransferKind: Sendable {
    case control, bulk, interrupt

    var libusbType: UInt8 {
        switch self {
        case .control: UInt8(LIBUSB_TRANSFER_TYPE_CONTROL.rawValue)
        case .bulk: UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue)
        case .interrupt: UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue)
        }
    }
}

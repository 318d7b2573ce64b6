/// Why a HID report descriptor cannot be used. Descriptors come from devices: every malformation is an error, never a crash.
public enum HIDDescriptorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An item runs past the end of the descriptor.
    case truncated(offset: Int)
    /// A Pop without a matching Push, or more Pushes than any real device nests.
    case unbalancedPushPop(offset: Int)
    /// An End Collection without a Collection, or collections nested deeper than any real device does.
    case unbalancedCollection(offset: Int)
    /// Report Size × Report Count beyond what a USB report can carry, or a report that grows past it.
    case reportTooLarge(offset: Int)
    /// A Report ID of 0 (reserved by HID 1.11 §6.2.2.7).
    case reservedReportID(offset: Int)
    /// More variable fields than any real device declares (`HIDReportDescriptor.maximumFields`).
    case tooManyFields(offset: Int)

    public var description: String {
        switch self {
        case .truncated(let offset): "the report descriptor ends inside the item at byte \(offset)"
        case .unbalancedPushPop(let offset): "unbalanced Push/Pop at byte \(offset)"
        case .unbalancedCollection(let offset): "unbalanced Collection/End Collection at byte \(offset)"
        case .reportTooLarge(let offset): "a report grows beyond 64 KiB at byte \(offset)"
        case .reservedReportID(let offset): "Report ID 0 (reserved) at byte \(offset)"
        case .tooManyFields(let offset): "more than 65,536 fields by the Input item at byte \(offset)"
        }
    }
}

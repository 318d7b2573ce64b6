import BiocapCore

/// The USB IDs the vfs7552 driver handles: libfprint's whole table for it (one ID).
public enum VFS7552IDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x138a, productID: 0x0091): "VFS7552 (Dell XPS 9360/9560 and others)",
    ]
}

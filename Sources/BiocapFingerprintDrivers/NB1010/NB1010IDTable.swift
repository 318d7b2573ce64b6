import BiocapCore
import BiocapDeviceKit

/// The USB IDs the NB-1010 driver handles.
public enum NB1010IDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x298d, productID: 0x1010): "NB-1010-U",
    ]
}

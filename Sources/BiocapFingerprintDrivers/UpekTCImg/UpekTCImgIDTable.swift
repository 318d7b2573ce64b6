import BiocapCore
import BiocapDeviceKit

/// The USB IDs the upektc_img driver handles. (libfprint also lists 147e:2020; it is not
/// claimed here until a recording of it exists.)
public enum UpekTCImgIDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x147e, productID: 0x2016): "TouchChip Fingerprint Coprocessor",
    ]
}

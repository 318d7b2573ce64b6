import BiocapCore
import BiocapDeviceKit

/// The USB IDs the upektc_img driver handles: libfprint's whole table. (libfprint also checks bcdDevice
/// — 2016 with release 2, 2020 with release 1 — because other UPEK drivers share these IDs; biocap's
/// registry matches on VID:PID only.)
public enum UpekTCImgIDTable {
    public static let models: [USBID: String] = [
        USBID(vendorID: 0x147e, productID: 0x2016): "TouchChip Fingerprint Coprocessor",
        USBID(vendorID: 0x147e, productID: 0x2020): "TouchChip Fingerprint Coprocessor (TouchStrip/area)",
    ]
}

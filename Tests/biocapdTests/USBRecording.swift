import BiocapTestSupport
import Foundation

/// One of libfprint's recorded USB sessions under `shared/recordings/libfprint/`, and the
/// `umockdev-run` command line that replays it to whatever program follows.
struct USBRecording: Sendable, CustomStringConvertible {
    let name: String
    let usbID: String
    let driver: String
    /// How far libfprint's image may differ, per pixel (0: identical).
    let tolerance: Int
    var folderPath: String
    var deviceFile = "device"
    var pcapFile = "capture.pcapng"
    /// `NAME=value` pairs the replayed program gets (e.g. `BIOCAP_DEVICE_EMULATION=1`).
    var environment: [String] = []

    static let nb1010 = USBRecording(name: "nb1010", usbID: "298d:1010", driver: "nb1010", tolerance: 0, folderPath: "libfprint/nb1010")
    static let aes3500 = USBRecording(name: "aes3500", usbID: "08ff:5731", driver: "aes3500", tolerance: 0, folderPath: "libfprint/aes3500")
    static let upektcImg = USBRecording(name: "upektc_img", usbID: "147e:2016", driver: "upektc_img", tolerance: 0,
                                        folderPath: "libfprint/upektc_img")
    /// The U.are.U 4500 encrypts its image with a key fetched under a seed the driver picks: the replay
    /// needs the seeds libfprint's emulation mode sent when recording (`BIOCAP_DEVICE_EMULATION=1`).
    static let uru4000 = USBRecording(name: "uru4000", usbID: "05ba:000a", driver: "uru4000", tolerance: 0,
                                      folderPath: "libfprint/uru4000-4500", environment: ["BIOCAP_DEVICE_EMULATION=1"])
    static let aes2501 = USBRecording(name: "aes2501", usbID: "08ff:2580", driver: "aes2501", tolerance: 0, folderPath: "libfprint/aes2501")
    static let egis0570 = USBRecording(name: "egis0570", usbID: "1c7a:0570", driver: "egis0570", tolerance: 0, folderPath: "libfprint/egis0570")
    static let elan = USBRecording(name: "elan", usbID: "04f3:0c26", driver: "elan", tolerance: 0, folderPath: "libfprint/elan")
    /// The VFS301: an edited umockdev tree of three swipes with cancelled URBs (status -2).
    static let vfs301 = USBRecording(name: "vfs301", usbID: "138a:0005", driver: "vfs301", tolerance: 0, folderPath: "libfprint/vfs301")
    /// The VFS0050: an edited tree with `#` comments, blank lines, interrupt transfers and zero-length reads.
    static let vfs0050 = USBRecording(name: "vfs0050", usbID: "138a:0050", driver: "vfs0050", tolerance: 0, folderPath: "libfprint/vfs0050")
    /// A Validity VFS5011 (Lenovo T440): its device tree also lists a root hub without a device node.
    static let vfs5011 = USBRecording(name: "vfs5011", usbID: "138a:0017", driver: "vfs5011", tolerance: 0, folderPath: "libfprint/vfs5011")
    /// The Validity VFS7552 press sensor: 33 frames (background, finger, finger off) behind 2,314 image-ready polls.
    static let vfs7552 = USBRecording(name: "vfs7552", usbID: "138a:0091", driver: "vfs7552", tolerance: 0, folderPath: "libfprint/vfs7552")
    static let all = [nb1010, aes3500, upektcImg, uru4000, aes2501, egis0570, elan, vfs301, vfs5011, vfs0050, vfs7552]
    /// A Logitech C310 webcam: enumeration and one UVC probe (no video: umockdev cannot replay isochronous).
    static let c310 = USBRecording(name: "c310", usbID: "046d:081b", driver: "uvc", tolerance: 0, folderPath: "uvc",
                                   deviceFile: "c310.device", pcapFile: "logitech_C310_enum.pcapng")

    var description: String { name }
    var folder: URL { TestData.recording(folderPath) }
    var expectedImage: URL { folder.appendingPathComponent("capture.pgm") }

    /// `umockdev-run -d DEVICE -i DEV=capture.ioctl --` or `-p SYSFS=capture.pcapng --`, under glibc's malloc
    /// checking (`heapChecks`) so a double free or a write to freed memory in the libusb layer fails the replay.
    func launcher() throws -> [String] {
        (environment.isEmpty ? [] : ["/usr/bin/env"] + environment) + Self.heapChecks + (try replay())
    }

    /// `env` with glibc's malloc debugging preloaded (umockdev-run adds its own library after it): heap
    /// consistency checks on every call (`MALLOC_CHECK_=3` aborts on a double free or corrupted chunk) and
    /// freed memory overwritten (`MALLOC_PERTURB_`), so use after free reads garbage instead of stale data.
    /// Empty where the library is missing. `scripts/test-asan` runs the same replays under AddressSanitizer.
    static let heapChecks: [String] = {
        guard ProcessInfo.processInfo.environment["BIOCAP_ASAN"] == nil,
              ["/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0", "/usr/lib/aarch64-linux-gnu/libc_malloc_debug.so.0"]
                .contains(where: { FileManager.default.fileExists(atPath: $0) }) else { return [] }
        return ["/usr/bin/env", "LD_PRELOAD=libc_malloc_debug.so.0", "MALLOC_CHECK_=3", "MALLOC_PERTURB_=165"]
    }()

    private func replay() throws -> [String] {
        guard let umockdev = Self.umockdevRun else {
            throw DaemonError("umockdev-run is not installed (Debian package umockdev; scripts/install-deps installs it)")
        }
        let device = folder.appendingPathComponent(deviceFile)
        let ioctl = folder.appendingPathComponent("capture.ioctl")
        if FileManager.default.fileExists(atPath: ioctl.path) {
            let text = try String(contentsOf: ioctl, encoding: .utf8)
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("@DEV ") }) else {
                throw DaemonError("\(ioctl.path) has no @DEV line")
            }
            let devicePath = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            return [umockdev, "-d", device.path, "-i", "\(devicePath)=\(ioctl.path)", "--"]
        }
        let pcap = folder.appendingPathComponent(pcapFile)
        let text = try String(contentsOf: device, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("P: ") }) else {
            throw DaemonError("\(device.path) has no P: line")
        }
        let sysfsPath = "/sys" + line.dropFirst(3).trimmingCharacters(in: .whitespaces)
        return [umockdev, "-d", device.path, "-p", "\(sysfsPath)=\(pcap.path)", "--"]
    }

    static let umockdevRun: String? = ["/usr/bin/umockdev-run", "/usr/local/bin/umockdev-run"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}

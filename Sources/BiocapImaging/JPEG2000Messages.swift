import COpenJPEG
import Synchronization

/// Collects what OpenJPEG reports through its error and warning callbacks (it would otherwise print nothing, or
/// to stderr), so a failure's error says why. Called on the thread running the codec.
final class JPEG2000Messages: Sendable {
    private let lines = Mutex<[String]>([])

    /// Routes the codec's error and warning messages here; the codec must not outlive this object.
    func attach(to codec: UnsafeMutablePointer<opj_codec_t?>) {
        let this = Unmanaged.passUnretained(self).toOpaque()
        opj_set_error_handler(codec, Self.collect, this)
        opj_set_warning_handler(codec, Self.collect, this)
        opj_set_info_handler(codec, nil, nil)
    }

    private static let collect: opj_msg_callback = { message, user in
        guard let message, let user else { return }
        let this = Unmanaged<JPEG2000Messages>.fromOpaque(user).takeUnretainedValue()
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        this.lines.withLock { lines in if lines.count < 20 { lines.append(text) } }
    }

    /// "OpenJPEG failed while `step`: messages".
    func failure(_ step: String) -> String {
        let collected = lines.withLock { $0 }
        return "OpenJPEG failed \(step)" + (collected.isEmpty ? "" : ": " + collected.joined(separator: "; "))
    }
}

import CTurboJPEG

/// Reads TurboJPEG's per-handle error text.
enum TurboJPEGError {
    static func message(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown TurboJPEG error" }
        return String(cString: text)
    }
}

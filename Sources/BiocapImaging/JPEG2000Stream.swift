import COpenJPEG
import Foundation

/// An in-memory OpenJPEG stream: the bytes a codestream is read from or written to, with a position. OpenJPEG calls
/// the C callbacks below on the thread that runs the codec (the caller's); the stream lives as long as that call.
final class JPEG2000Stream {
    private(set) var bytes: [UInt8]
    private var position = 0
    private let isInput: Bool

    /// A stream to read `bytes` from, or (no bytes) one to write into.
    init(reading bytes: [UInt8]) {
        self.bytes = bytes
        isInput = true
    }

    init() {
        bytes = []
        isInput = false
    }

    /// An OpenJPEG stream over this buffer; destroy it with `opj_stream_destroy`.
    func makeStream() -> UnsafeMutablePointer<opj_stream_t?>? {
        let input = isInput
        guard let stream = opj_stream_create(OPJ_SIZE_T(OPJ_J2K_STREAM_CHUNK_SIZE), input ? 1 : 0) else { return nil }
        let this = Unmanaged.passUnretained(self).toOpaque()
        opj_stream_set_user_data(stream, this, nil)
        if input {
            opj_stream_set_user_data_length(stream, UInt64(bytes.count))
            opj_stream_set_read_function(stream, Self.read)
        } else {
            opj_stream_set_write_function(stream, Self.write)
        }
        opj_stream_set_skip_function(stream, Self.skip)
        opj_stream_set_seek_function(stream, Self.seek)
        return stream
    }

    private static func this(_ pointer: UnsafeMutableRawPointer?) -> JPEG2000Stream? {
        pointer.map { Unmanaged<JPEG2000Stream>.fromOpaque($0).takeUnretainedValue() }
    }

    /// `(OPJ_SIZE_T)-1`, OpenJPEG's "end of stream": Swift imports `size_t` as `Int`, so this is -1, not `OPJ_SIZE_T.max`
    /// (which would be read as a huge byte count).
    private static let endOfStream = OPJ_SIZE_T(-1)

    /// Copies up to `count` bytes out; `endOfStream` at the end.
    private static let read: opj_stream_read_fn = { buffer, count, user in
        guard let stream = this(user), let buffer else { return endOfStream }
        let available = stream.bytes.count - stream.position
        guard available > 0 else { return endOfStream }
        let length = min(available, Int(clamping: count))
        stream.bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { buffer.copyMemory(from: base + stream.position, byteCount: length) }
        }
        stream.position += length
        return OPJ_SIZE_T(length)
    }

    /// Writes at the position, growing the buffer.
    private static let write: opj_stream_write_fn = { buffer, count, user in
        guard let stream = this(user), let buffer else { return endOfStream }
        let length = Int(clamping: count)
        let end = stream.position + length
        if end > stream.bytes.count { stream.bytes.append(contentsOf: repeatElement(0, count: end - stream.bytes.count)) }
        stream.bytes.withUnsafeMutableBytes { target in
            if let base = target.baseAddress { (base + stream.position).copyMemory(from: buffer, byteCount: length) }
        }
        stream.position = end
        return OPJ_SIZE_T(length)
    }

    /// Moves forward; a reader cannot pass the end (-1), a writer may (the gap is filled later).
    private static let skip: opj_stream_skip_fn = { count, user in
        guard let stream = this(user), count >= 0 else { return -1 }
        let target = stream.position + Int(clamping: count)
        if stream.isInput, target > stream.bytes.count {
            stream.position = stream.bytes.count
            return -1
        }
        stream.position = target
        return count
    }

    private static let seek: opj_stream_seek_fn = { offset, user in
        guard let stream = this(user), offset >= 0, offset <= Int64(stream.bytes.count) else { return 0 }
        stream.position = Int(offset)
        return 1
    }
}

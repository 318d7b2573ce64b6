import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the file system under the queue says about writing to it.
enum FileSystemProbe {
    /// Why the database at `path` cannot be written now (a read-only file system, missing permissions), or nil
    /// when it can. Besides `statvfs`, it creates and removes an empty file beside the database: a file system
    /// the kernel made read-only after an error (ext4's `errors=remount-ro`) does not always say so in its
    /// mount flags, but refuses a new file with `EROFS`.
    static func writeRefusal(_ path: String) -> String? {
        let directory = (path as NSString).deletingLastPathComponent
        var status = statvfs()
        if statvfs(directory, &status) == 0, status.f_flag & UInt(ST_RDONLY) != 0 {
            return "the file system holding it is mounted read-only"
        }
        let probe = (directory as NSString).appendingPathComponent(".biocap-write-probe-\(getpid())")
        let descriptor = open(probe, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            let code = errno
            switch code {
            case EROFS: return "the file system holding it is read-only"
            case EACCES, EPERM: return "its directory is not writable (\(String(cString: strerror(code))))"
            case EEXIST: break  // a probe left by a crash: the directory took it, so it is writable
            default: return "a new file cannot be created beside it (\(String(cString: strerror(code))))"
            }
        } else {
            close(descriptor)
        }
        unlink(probe)
        if access(path, F_OK) == 0, access(path, W_OK) != 0 {
            return "the file is not writable (\(String(cString: strerror(errno))))"
        }
        return nil
    }
}

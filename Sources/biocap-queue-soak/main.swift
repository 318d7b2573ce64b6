import BiocapProtection
import BiocapQueue
import Foundation

// Enqueues synthetic packets and prints "acked <id>" (flushed) after each commit, so a parent that kills
// this process knows exactly which packets the queue promised to keep.

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("biocap-queue-soak: \(message)\n".utf8))
    exit(status)
}

let options: SoakOptions
do {
    options = try SoakOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("\(error)\n\(SoakOptions.usage)", status: 64)
}

if options.leases {
    await LeaseTimings.run(path: options.databasePath, options: options)
    exit(0)
}

let queue: EnrolmentQueue
do {
    queue = try EnrolmentQueue(path: options.databasePath)
} catch {
    fail("\(error)", status: 1)
}

if options.timings {
    await EnqueueTimings.run(queue: queue, options: options)
    exit(0)
}

let started = Date()
for _ in 0..<options.count {
    let packet = SyntheticPacket.make(records: options.recordsPerPacket, size: options.recordSize)
    do {
        try await queue.enqueue(packet)
    } catch {
        fail("enqueue failed: \(error)", status: 1)
    }
    print("acked \(packet.manifest.packetID)")
    // fflush(NULL) flushes stdout without touching the global `stdout`, which Swift 6 treats as unsafe.
    fflush(nil)
}
let elapsed = Date().timeIntervalSince(started)
let rate = elapsed > 0 ? Double(options.count) / elapsed : 0
FileHandle.standardError.write(Data(
    "biocap-queue-soak: \(options.count) packets in \(String(format: "%.2f", elapsed)) s (\(String(format: "%.1f", rate)) packets/s)\n".utf8))

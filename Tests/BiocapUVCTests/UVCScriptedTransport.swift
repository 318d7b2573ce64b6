import BiocapDeviceKit
@testable import BiocapUVC
import Synchronization

/// A transport that records control transfers and answers IN requests from a script, for
/// checking the exact bytes of probe/commit and control requests.
final class UVCScriptedTransport: USBTransport {
    let configuration: [UInt8]
    /// Replies to IN transfers keyed by (bRequest, wValue, wIndex); the last reply is reused.
    private let replies: [String: [UInt8]]
    let log = Mutex<[UVCRecording.ControlTransfer]>([])

    init(configuration: [UInt8], replies: [(request: UInt8, value: UInt16, index: UInt16, data: [UInt8])]) {
        self.configuration = configuration
        var table: [String: [UInt8]] = [:]
        for reply in replies { table[Self.key(reply.request, reply.value, reply.index)] = reply.data }
        self.replies = table
    }

    static func key(_ request: UInt8, _ value: UInt16, _ index: UInt16) -> String { "\(request)/\(value)/\(index)" }

    var transfers: [UVCRecording.ControlTransfer] { log.withLock { $0 } }

    func configurationDescriptor() async throws(USBTransferError) -> [UInt8] { configuration }

    func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        log.withLock { $0.append(.init(requestType: requestType, request: request, value: value, index: index, length: data.count, data: data)) }
        return data.count
    }

    func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        guard let reply = replies[Self.key(request, value, index)] else { throw .stall(endpoint: 0) }
        let data = Array(reply.prefix(length))
        log.withLock { $0.append(.init(requestType: requestType, request: request, value: value, index: index, length: length, data: data)) }
        return data
    }

    func bulkWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int { throw .stall(endpoint: endpoint) }
    func bulkRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] { throw .stall(endpoint: endpoint) }
    func interruptWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int { throw .stall(endpoint: endpoint) }
    func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] { throw .stall(endpoint: endpoint) }
}

import BiocapCore
import Foundation

/// A capture as the API shows it: the request, its state, the latest progress and the results.
public struct CaptureInfo: Sendable, Codable, Hashable {
    public struct PositionResult: Sendable, Codable, Hashable {
        public var position: BiometricPosition
        public var score: Int
        public var belowThreshold: Bool
        public var guidance: [Guidance]
        public var metrics: [QualityMetric]
        public var width: Int
        public var height: Int
        public var frameIndex: Int
        public var recordFormat: String
        public var recordSize: Int
        public var recordSHA256: String
    }

    public struct Failure: Sendable, Codable, Hashable {
        public var code: String
        public var message: String
    }

    public var id: String
    public var deviceID: String
    public var modality: Modality
    public var positions: [BiometricPosition]
    public var threshold: Int
    public var timeoutSeconds: Double
    public var exceptions: [BiometricException]
    public var state: CaptureState
    public var startedAt: Date
    public var finishedAt: Date?
    public var framesScored: Int
    /// Per position: the latest frame's score and guidance while running.
    public var latest: [ViewScore]
    public var results: [PositionResult]
    public var error: Failure?
}

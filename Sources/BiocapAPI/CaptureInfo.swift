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

        public init(
            position: BiometricPosition, score: Int, belowThreshold: Bool, guidance: [Guidance], metrics: [QualityMetric],
            width: Int, height: Int, frameIndex: Int, recordFormat: String, recordSize: Int, recordSHA256: String
        ) {
            self.position = position
            self.score = score
            self.belowThreshold = belowThreshold
            self.guidance = guidance
            self.metrics = metrics
            self.width = width
            self.height = height
            self.frameIndex = frameIndex
            self.recordFormat = recordFormat
            self.recordSize = recordSize
            self.recordSHA256 = recordSHA256
        }
    }

    public struct Failure: Sendable, Codable, Hashable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
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
    /// The stored packet this capture went into (a capture goes into at most one); its images and records
    /// are then no longer served from the capture.
    public var packetID: String?

    public init(
        id: String, deviceID: String, modality: Modality, positions: [BiometricPosition], threshold: Int,
        timeoutSeconds: Double, exceptions: [BiometricException], state: CaptureState, startedAt: Date,
        finishedAt: Date? = nil, framesScored: Int = 0, latest: [ViewScore] = [], results: [PositionResult] = [],
        error: Failure? = nil, packetID: String? = nil
    ) {
        self.id = id
        self.deviceID = deviceID
        self.modality = modality
        self.positions = positions
        self.threshold = threshold
        self.timeoutSeconds = timeoutSeconds
        self.exceptions = exceptions
        self.state = state
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.framesScored = framesScored
        self.latest = latest
        self.results = results
        self.error = error
        self.packetID = packetID
    }
}

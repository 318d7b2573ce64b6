import BiocapCore
import Foundation

extension SignatureRecord {
    /// Units of the T channel per second: biocap stores times in milliseconds.
    public static let timeUnitsPerSecond = 1000.0
    /// Units of the tilt channels per degree: biocap stores tilt in hundredths of a degree.
    public static let tiltUnitsPerDegree = 100.0
    /// The largest X/Y scaling value (units per metre) a 2007 scaling value can hold.
    static let maximumUnitsPerMetre = 65520.0

    /// The record of a captured signature: channels X, Y, T (milliseconds since the first sample), F (pressure, in
    /// the pad's own levels, when the pad senses pressure), S (1 while the pen touches) and TX/TY (hundredths of a
    /// degree, when the pad reports tilt), with biocap's `SignatureCaptureInfo` (date, quality, geometry) as extended
    /// data.
    ///
    /// X and Y are the pad's counts, or the counts divided by the smallest whole number that makes the resolution fit
    /// the scaling value (at most 65520 units per metre) and the coordinates fit 0…32767; that divisor is recorded.
    /// Nothing is checked here: values that cannot be stored make `encode()` throw `RecordError.valueOutOfRange`.
    public init(trace: SignatureTrace, capturedAt: Date, quality: Int?) {
        let geometry = trace.geometry
        let divisor = Self.coordinateDivisor(for: geometry)
        func stored(_ coordinate: Int) -> Int { Self.whole(Double(coordinate) / Double(divisor)) }
        let firstTime = trace.samples.first?.time ?? .zero
        var channels: [SignatureChannel] = [.x, .y, .time]
        if geometry.pressureMaximum > 0 { channels.append(.force) }
        channels.append(.tipSwitch)
        if geometry.tilt { channels += [.tiltX, .tiltY] }
        let samples: [[Int]] = trace.samples.map { point in
            channels.map { channel in
                switch channel {
                case .x: stored(point.x)
                case .y: stored(point.y)
                case .time: Self.whole((point.time - firstTime).seconds * Self.timeUnitsPerSecond)
                case .force: point.pressure
                case .tipSwitch: point.tip ? 1 : 0
                case .tiltX: Self.whole((point.tiltX ?? 0) * Self.tiltUnitsPerDegree)
                case .tiltY: Self.whole((point.tiltY ?? 0) * Self.tiltUnitsPerDegree)
                default: 0
                }
            }
        }
        var descriptions: [SignatureChannelDescription] = []
        for (index, channel) in channels.enumerated() {
            let column = samples.map { $0[index] }
            var description = SignatureChannelDescription(channel: channel)
            switch channel {
            case .x, .y:
                let perMillimetre = channel == .x ? geometry.xCountsPerMillimetre : geometry.yCountsPerMillimetre
                description.scaling = perMillimetre.flatMap { SignatureScalingValue(nearest: $0 * 1000 / Double(divisor)) }
                description.minimum = column.min()
                description.maximum = column.max()
            case .time:
                description.scaling = SignatureScalingValue(nearest: Self.timeUnitsPerSecond)
            case .force:
                description.minimum = column.min()
                description.maximum = column.max()
            case .tiltX, .tiltY:
                description.scaling = SignatureScalingValue(nearest: Self.tiltUnitsPerDegree)
            default:
                break
            }
            descriptions.append(description)
        }
        let info = SignatureCaptureInfo(
            captureDateTime: CaptureDateTime(capturedAt), qualityBlocks: quality.map { [.biocap(score: $0)] } ?? [],
            geometry: geometry, coordinateDivisor: divisor)
        // Encoding the block fails only for geometry no record could carry; encode() then reports it.
        let extended = (try? info.encode()) ?? SignatureCaptureInfo.tag
        self.init(channels: descriptions, samples: samples, extendedData: extended)
    }

    /// Pad counts per stored unit: 1 unless the resolution or the surface is too large for the 2007 fields.
    static func coordinateDivisor(for geometry: PadGeometry) -> Int {
        let perMetre = max(geometry.xCountsPerMillimetre ?? 0, geometry.yCountsPerMillimetre ?? 0) * 1000
        let forResolution = perMetre.isFinite ? min(65535, (perMetre / maximumUnitsPerMetre).rounded(.up)) : 1
        let forRange = min(65535, (Double(max(geometry.width, geometry.height)) / 32768).rounded(.up))
        return Int(max(1, forResolution, forRange))
    }

    private static func whole(_ value: Double) -> Int {
        guard value.isFinite, abs(value) < 1e15 else { return Int.max }
        return Int(value.rounded())
    }

    /// The capture date, when biocap's extended data carries one.
    public var capturedAt: Date? { captureInfo?.captureDateTime.date }

    /// The biocap quality score (0–100), when biocap's extended data carries one.
    public var qualityScore: Int? {
        guard let block = captureInfo?.qualityBlocks.first, block.score <= 100 else { return nil }
        return Int(block.score)
    }

    /// The samples as a trace on the pad they were captured on.
    ///
    /// Positions are the stored X/Y units (pad counts when the coordinate divisor is 1); time comes from T (or the
    /// running sum of DT), scaled by its scaling value (milliseconds when it has none); the pen touches while S is
    /// non-zero (or, without S, while F is non-zero). Geometry comes from biocap's extended data, else from the
    /// channel descriptions and the data. Throws `unsupported` for a record with neither T nor DT.
    public func trace() throws(RecordError) -> SignatureTrace {
        guard let xs = values(of: .x), let ys = values(of: .y) else {
            throw .invalidField(name: "channel inclusion", value: "X and Y are mandatory")
        }
        var times: [Duration] = []
        if let t = values(of: .time) {
            let perSecond = description(of: .time)?.scaling?.value ?? Self.timeUnitsPerSecond
            for value in t { times.append(try Self.duration(Double(value), perSecond: perSecond)) }
        } else if let dt = values(of: .timeDelta) {
            let perSecond = description(of: .timeDelta)?.scaling?.value ?? Self.timeUnitsPerSecond
            var total = 0
            for value in dt {
                total += value
                times.append(try Self.duration(Double(total), perSecond: perSecond))
            }
        } else {
            throw .unsupported("a signature record with neither a T nor a DT channel")
        }
        let force = values(of: .force)
        let tip = values(of: .tipSwitch)
        let tiltX = values(of: .tiltX), tiltY = values(of: .tiltY)
        let tiltXScale = description(of: .tiltX)?.scaling?.value ?? Self.tiltUnitsPerDegree
        let tiltYScale = description(of: .tiltY)?.scaling?.value ?? Self.tiltUnitsPerDegree
        var points: [PenPoint] = []
        points.reserveCapacity(samples.count)
        for index in samples.indices {
            let pressure = force?[index] ?? 0
            let touching = tip.map { $0[index] != 0 } ?? (force.map { $0[index] != 0 } ?? true)
            points.append(PenPoint(
                x: xs[index], y: ys[index], pressure: pressure, tip: touching,
                tiltX: tiltX.map { Double($0[index]) / tiltXScale }, tiltY: tiltY.map { Double($0[index]) / tiltYScale },
                time: times[index]))
        }
        return SignatureTrace(geometry: traceGeometry(xs: xs, ys: ys, force: force, times: times), samples: points)
    }

    /// `units` time units as a duration; throws for times no `Duration` of nanoseconds holds (over 290 years).
    private static func duration(_ units: Double, perSecond: Double) throws(RecordError) -> Duration {
        let nanoseconds = (units / perSecond * 1e9).rounded()
        guard nanoseconds.isFinite, abs(nanoseconds) < 9e18 else {
            throw .invalidField(name: "time", value: "\(units) units at \(perSecond) per second")
        }
        return .nanoseconds(Int64(nanoseconds))
    }

    /// biocap's geometry in stored units, or one made from the channel descriptions and the data.
    private func traceGeometry(xs: [Int], ys: [Int], force: [Int]?, times: [Duration]) -> PadGeometry {
        if let info = captureInfo {
            var geometry = info.geometry
            let divisor = info.coordinateDivisor
            if divisor > 1 {
                func scaled(_ value: Int) -> Int { Int((Double(value) / Double(divisor)).rounded()) }
                geometry.width = max(1, (geometry.width + divisor - 1) / divisor)
                geometry.height = max(1, (geometry.height + divisor - 1) / divisor)
                geometry.xCountsPerMillimetre = geometry.xCountsPerMillimetre.map { $0 / Double(divisor) }
                geometry.yCountsPerMillimetre = geometry.yCountsPerMillimetre.map { $0 / Double(divisor) }
                geometry.signingBox = geometry.signingBox.map {
                    PadBox(x: scaled($0.x), y: scaled($0.y), width: scaled($0.width), height: scaled($0.height))
                }
            }
            return geometry
        }
        let span = (times.last ?? .zero) - (times.first ?? .zero)
        let rate = times.count > 1 && span > .zero ? Double(times.count - 1) / span.seconds : 0
        return PadGeometry(
            width: max(1, (xs.max() ?? 0) + 1), height: max(1, (ys.max() ?? 0) + 1),
            xCountsPerMillimetre: description(of: .x)?.scaling.map { $0.value / 1000 },
            yCountsPerMillimetre: description(of: .y)?.scaling.map { $0.value / 1000 },
            pressureMaximum: description(of: .force)?.maximum ?? force?.max() ?? 0, samplesPerSecond: rate,
            tilt: values(of: .tiltX) != nil)
    }
}

import BiocapCore

/// The sample checks of a signature pad's self-test, on a short stroke the pad wrote: what a technician would look at
/// on a real pad's test signature.
enum SignaturePadSelfTest {
    static func checks(of samples: [PenPoint], geometry: PadGeometry) -> [DiagnosticCheck] {
        let interval = Duration.seconds(1 / max(1, geometry.samplesPerSecond))
        let steady = zip(samples, samples.dropFirst()).allSatisfy { $1.time - $0.time == interval }
        let offSurface = samples.filter { !(0..<geometry.width).contains($0.x) || !(0..<geometry.height).contains($0.y) }.count
        let touching = samples.filter(\.tip)
        let pressures = touching.map(\.pressure)
        let pressureOK = !touching.isEmpty
            && pressures.allSatisfy { (1...max(1, geometry.pressureMaximum)).contains($0) }
            && samples.filter { !$0.tip }.allSatisfy { $0.pressure == 0 }
        let spread = (pressures.max() ?? 0) - (pressures.min() ?? 0)
        let hoverFirst = samples.first.map { !$0.tip && $0.inRange } ?? false
        let leavesLast = samples.last.map { !$0.tip && !$0.inRange } ?? false
        return [
            DiagnosticCheck(name: "sample-clock", passed: samples.count > 1 && steady,
                            detail: "\(samples.count) samples, \(steady ? "every" : "not every") one \(interval) apart (\(geometry.samplesPerSecond) per second)"),
            DiagnosticCheck(name: "coordinates", passed: offSurface == 0,
                            detail: "\(offSurface) samples off the \(geometry.width)×\(geometry.height) surface"),
            DiagnosticCheck(name: "pressure", passed: pressureOK && spread >= geometry.pressureMaximum / 5,
                            detail: "\(touching.count) touching samples, pressure \(pressures.min() ?? 0)–\(pressures.max() ?? 0) of \(geometry.pressureMaximum)"),
            DiagnosticCheck(name: "pen-states", passed: hoverFirst && leavesLast,
                            detail: hoverFirst && leavesLast ? "hover, touch, lift and leave in order" : "the pen's states are out of order"),
        ]
    }
}

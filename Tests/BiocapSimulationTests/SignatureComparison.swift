import Foundation

/// Real and simulated signatures side by side: per-set summaries and a Markdown table of every signature's
/// statistics (what docs/signature-simulation.md quotes).
struct SignatureComparison {
    struct Summary {
        /// Medians over the set of each signature's median and 90th-percentile pen-down speed (mm/s).
        var medianSpeed: Double
        var speed90: Double
        /// Median over the set of each signature's median pen-down pressure / its maximum (signatures with pressure).
        var medianPressure: Double

        init(_ signatures: [MeasuredSignature]) {
            func median(_ values: [Double]) -> Double { MeasuredSignature.quantile(values, 0.5) }
            medianSpeed = median(signatures.map { MeasuredSignature.quantile($0.speeds, 0.5) })
            speed90 = median(signatures.map { MeasuredSignature.quantile($0.speeds, 0.9) })
            medianPressure = median(signatures.filter { !$0.normalisedPressures.isEmpty }.map { MeasuredSignature.quantile($0.normalisedPressures, 0.5) })
        }
    }

    var realSignatures: [MeasuredSignature]
    var simulatedSignatures: [MeasuredSignature]
    var real: Summary
    var simulated: Summary

    init(real: [MeasuredSignature], simulated: [MeasuredSignature]) {
        realSignatures = real
        simulatedSignatures = simulated
        self.real = Summary(real)
        self.simulated = Summary(simulated)
    }

    func table(realNames: [String], seeds: [UInt64]) -> String {
        var lines = ["| signature | ink s | strokes | pen-down | speed median mm/s | speed p90 mm/s | pressure median | pressure p10 |",
                     "|---|---|---|---|---|---|---|---|"]
        func row(_ name: String, _ signature: MeasuredSignature) -> String {
            let pressures = signature.normalisedPressures
            let pressure = pressures.isEmpty
                ? "– | –"
                : String(format: "%.2f | %.2f", MeasuredSignature.quantile(pressures, 0.5), MeasuredSignature.quantile(pressures, 0.1))
            return "| \(name) " + String(format: "| %.2f | %ld | %.2f | %.0f | %.0f | ", signature.inkDuration, signature.strokes.count,
                          signature.penDownRatio, MeasuredSignature.quantile(signature.speeds, 0.5),
                          MeasuredSignature.quantile(signature.speeds, 0.9)) + pressure + " |"
        }
        lines += zip(realNames, realSignatures).map { row("SVC2004 \($0)", $1) }
        lines += zip(seeds, simulatedSignatures).map { row("simulated seed \($0)", $1) }
        lines.append(String(format: "\nmedians — real: speed %.0f / p90 %.0f mm/s, pressure %.2f; simulated: speed %.0f / p90 %.0f mm/s, pressure %.2f",
                            real.medianSpeed, real.speed90, real.medianPressure, simulated.medianSpeed, simulated.speed90, simulated.medianPressure))
        return lines.joined(separator: "\n")
    }
}

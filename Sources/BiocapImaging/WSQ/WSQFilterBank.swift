/// WSQ's biorthogonal wavelet filter pair: odd-length, symmetric analysis filters centred on their middle tap
/// (the low-pass on even samples, the high-pass on odd ones), and the synthesis pair derived from them.
///
/// The standard pair is the 9/7-tap one of the specification (FBI IAFIS-IC-0110 v3.1; the same taps as NBIS
/// `wsq/globals.c`). A file carries its analysis filters' right halves in its DTT segment, so a decoder derives the
/// synthesis pair from what it reads: the synthesis low-pass is the analysis high-pass with alternating signs, and
/// the synthesis high-pass the analysis low-pass with alternating signs.
struct WSQFilterBank: Sendable, Equatable {
    /// Analysis low-pass taps, odd count, symmetric.
    let analysisLowpass: [Float]
    /// Analysis high-pass taps, odd count, symmetric.
    let analysisHighpass: [Float]

    /// The specification's 9-tap low-pass and 7-tap high-pass.
    static let standard = WSQFilterBank(
        analysisLowpass: [
            0.03782845550699546, -0.02384946501938000, -0.11062440441842342, 0.37740285561265380, 0.85269867900940344,
            0.37740285561265380, -0.11062440441842342, -0.02384946501938000, 0.03782845550699546,
        ],
        analysisHighpass: [
            0.06453888262893845, -0.04068941760955844, -0.41809227322221221, 0.78848561640566439,
            -0.41809227322221221, -0.04068941760955844, 0.06453888262893845,
        ])

    /// A bank from the right halves of its filters (middle tap first), as a DTT segment stores them.
    init(lowpassHalf: [Float], highpassHalf: [Float]) {
        self.init(analysisLowpass: Self.mirrored(lowpassHalf), analysisHighpass: Self.mirrored(highpassHalf))
    }

    init(analysisLowpass: [Float], analysisHighpass: [Float]) {
        self.analysisLowpass = analysisLowpass
        self.analysisHighpass = analysisHighpass
    }

    /// The middle tap and those to its right.
    static func rightHalf(_ taps: [Float]) -> [Float] { Array(taps[(taps.count / 2)...]) }

    private static func mirrored(_ half: [Float]) -> [Float] { half.reversed() + half.dropFirst() }

    /// Synthesis low-pass: the analysis high-pass with the sign of every odd tap (counted from the middle) flipped.
    var synthesisLowpass: [Float] { Self.alternated(analysisHighpass) }
    /// Synthesis high-pass: the analysis low-pass with alternating signs.
    var synthesisHighpass: [Float] { Self.alternated(analysisLowpass) }

    private static func alternated(_ taps: [Float]) -> [Float] {
        let middle = taps.count / 2
        return taps.enumerated().map { index, tap in (index - middle) % 2 == 0 ? tap : -tap }
    }
}

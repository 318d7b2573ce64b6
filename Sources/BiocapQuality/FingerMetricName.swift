/// Names of the finger metrics added with the NFIQ 2-style model (the first finger metrics are in
/// `MetricName` itself).
extension MetricName {
    /// Standard deviation of the foreground blocks' mean grey levels (uneven pressure, wet or dry patches).
    public static let greySpread = "grey-spread"
    /// Mean angle in degrees between neighbouring foreground blocks' ridge orientations.
    public static let orientationFlow = "orientation-flow"
    /// Standard deviation of the block ridge periods over their mean.
    public static let ridgePeriodSpread = "ridge-period-spread"
    /// Mean ridge–valley clarity of the foreground blocks, 0…1.
    public static let ridgeClarity = "ridge-clarity"
    /// Share of foreground blocks whose ridges are not resolvable (clarity below 0.3).
    public static let unclearShare = "unclear-share"
    /// Area of foreground blocks with clear ridges (clarity ≥ 0.6), mm².
    public static let clearArea = "clear-area"
    /// Share of foreground blocks with weak orientation certainty (below 0.4).
    public static let uncertainShare = "uncertain-share"
    /// Share of neighbouring foreground blocks whose ridge orientations differ by more than 25°.
    public static let flowBreakShare = "flow-break-share"
    /// Laplacian energy over that of clean ridges with the same period and gradients (1 clean, more: noise).
    public static let ridgeNoise = "ridge-noise"
    /// Mean share of a foreground block that is ridge (darker than the block mean).
    public static let ridgeShare = "ridge-share"
    /// Standard deviation of the blocks' ridge shares (ridge–valley non-uniformity).
    public static let ridgeShareSpread = "ridge-share-spread"
    /// Mean clarity of the foreground blocks' quadrants, 0…1 (creases and scars narrower than a block lower it).
    public static let quadrantClarity = "quadrant-clarity"
    /// Mean dominance of the ridge frequency in the foreground blocks' ridge profiles, 0…1 (NFIQ 2's FDA).
    public static let frequencyDominance = "frequency-dominance"
    /// Share of foreground blocks with well-defined ridges (quadrant clarity and orientation certainty ≥ 0.5).
    public static let wellDefinedShare = "well-defined-share"
    /// NFIQ 2's local ridge–valley measures grouped (blocks of 1.6 mm; see `RidgeValleyHistograms`):
    /// frequency domain analysis below 0.33, 0.33–0.44, 0.44–1, and 1 (no ridge frequency).
    public static let weakFrequencyBlocks = "weak-frequency-blocks"
    public static let moderateFrequencyBlocks = "moderate-frequency-blocks"
    public static let strongFrequencyBlocks = "strong-frequency-blocks"
    public static let noFrequencyBlocks = "no-frequency-blocks"
    /// Local clarity below 0.70 (or implausible ridge widths), 0.70–0.79, 0.79–0.85, 0.85 and above.
    public static let unclearRidgeBlocks = "unclear-ridge-blocks"
    public static let fairRidgeBlocks = "fair-ridge-blocks"
    public static let clearRidgeBlocks = "clear-ridge-blocks"
    public static let veryClearRidgeBlocks = "very-clear-ridge-blocks"
    /// Ridge–valley uniformity: counts of neighbouring width ratios below 0.8, 0.8–1.25, 1.25–2, 2 and above.
    public static let narrowWidthRatios = "narrow-width-ratios"
    public static let evenWidthRatios = "even-width-ratios"
    public static let wideWidthRatios = "wide-width-ratios"
    public static let extremeWidthRatios = "extreme-width-ratios"
    /// Mean grey level of the whole image.
    public static let imageMean = "image-mean"
    /// Fingers a slap position should show.
    public static let fingersExpected = "fingers-expected"

    /// Score (0–100) of the `ordinal`-th finger found in a slap, counted from 1, left to right in the image.
    public static func fingerScore(_ ordinal: Int) -> String { "finger-score-\(ordinal)" }
}

/// Fixed values of biocap's SBI 0.9.5 service.
public enum SBIConstants {
    /// The only specification version served.
    public static let specVersion = "0.9.5"
    /// The ports MOSIP's clients scan for a device service.
    public static let portRange: ClosedRange<Int> = 4501...4600
    /// `purpose` of every device: biocap is a registration kit.
    public static let purpose = "Registration"
    /// Environments a device may declare.
    public static let environments = ["Staging", "Developer", "Pre-Production", "Production"]
    /// The multipart boundary of `STREAM`, as SBI and MOSIP's mock write it.
    public static let streamBoundary = "--BoundaryString"
    /// The verbs, as CORS preflights must name them (case-sensitive).
    public static let verbs = ["MOSIPDISC", "MOSIPDINFO", "RCAPTURE", "CAPTURE", "STREAM", "OPTIONS"]
}

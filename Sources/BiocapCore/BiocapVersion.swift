/// The version biocap reports in `/v1/health` and `--version`.
public enum BiocapVersion {
    public static let current = "0.1.0"
}

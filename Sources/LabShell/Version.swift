public enum OpslabVersion {
    public static let current = "0.1.0"
}

import CCrypto

/// Incremental SHA-256, used to pin every dataset a session loads to its exact content.
/// Not safe for concurrent use; the CSV reader hands it to one task at a time.
public final class SHA256Hasher: @unchecked Sendable {
    private var context: UnsafeMutableRawPointer?

    public init() {
        context = opslab_sha256_new()
        precondition(context != nil, "OpenSSL could not create a SHA-256 context")
    }

    deinit { if let context { opslab_sha256_free(context) } }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0, let context else { return }
        opslab_sha256_update(context, base, bytes.count)
    }

    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Lowercase hex digest; the hasher cannot be used afterwards.
    public func finish() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        if let context { _ = opslab_sha256_finish(context, &digest) }
        context = nil
        return digest.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let h = SHA256Hasher()
        h.update(bytes)
        return h.finish()
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

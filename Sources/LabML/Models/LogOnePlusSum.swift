#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Σ log(1 + eᵢ) for eᵢ in [0, 1] (the softplus terms of a log-loss, e = exp(−|z|)), with one
/// logarithm per 256 terms: the log of their product, whose factors lie in (1, 2], so the
/// product stays below 2^256. A logarithm costs more than the exp that made the term.
struct LogOnePlusSum {
    private var product = 1.0
    private var logs = 0.0
    private var count = 0

    @inline(__always)
    mutating func add(_ e: Double) {
        product *= 1 + e
        count &+= 1
        if count & 255 == 0 {
            logs += log(product)
            product = 1
        }
    }

    var total: Double { logs + log(product) }
}

import CKernels

/// What the processor's vector units can do, asked once: CKernels' functions take it to pick
/// their AVX2 build (or the baseline one, which gives the same results more slowly).
enum VectorUnits {
    static let wide: Int32 = opslab_has_avx2()
    /// 2 with AVX-512 as well, for the kernels built for it (boosting's split search and partition), else as `wide`.
    static let level: Int32 = opslab_vector_level()
}

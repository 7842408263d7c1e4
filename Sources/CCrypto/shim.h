// SHA-256 through OpenSSL's EVP interface (hardware-accelerated where the CPU has SHA extensions).
#ifndef OPSLAB_CCRYPTO_SHIM_H
#define OPSLAB_CCRYPTO_SHIM_H
#include <openssl/evp.h>

static inline void *opslab_sha256_new(void) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) { EVP_MD_CTX_free(ctx); return NULL; }
    return ctx;
}
static inline int opslab_sha256_update(void *ctx, const void *data, size_t count) {
    return EVP_DigestUpdate((EVP_MD_CTX *)ctx, data, count);
}
// Writes 32 bytes to out and frees the context.
static inline int opslab_sha256_finish(void *ctx, unsigned char *out) {
    unsigned int len = 0;
    int ok = EVP_DigestFinal_ex((EVP_MD_CTX *)ctx, out, &len);
    EVP_MD_CTX_free((EVP_MD_CTX *)ctx);
    return ok;
}
static inline void opslab_sha256_free(void *ctx) { EVP_MD_CTX_free((EVP_MD_CTX *)ctx); }
#endif

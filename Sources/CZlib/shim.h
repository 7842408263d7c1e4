// zlib's inflate for gzip files; inflateInit2 is a macro Swift cannot call.
#ifndef OPSLAB_CZLIB_SHIM_H
#define OPSLAB_CZLIB_SHIM_H
#include <string.h>
#include <zlib.h>

// 15 + 16: a window of 32 KB, gzip headers and trailers (checked with their CRC-32).
static inline int opslab_gunzip_init(z_stream *stream) {
    memset(stream, 0, sizeof *stream);
    return inflateInit2(stream, 15 + 16);
}

// 15 + 16: gzip, as the gzip tool writes it; level 6, its default.
static inline int opslab_gzip_init(z_stream *stream) {
    memset(stream, 0, sizeof *stream);
    return deflateInit2(stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif

// SQLite (Debian: libsqlite3-dev) plus the few things Swift cannot use directly:
// the SQLITE_STATIC/SQLITE_TRANSIENT destructor macros, the variadic sqlite3_mprintf,
// and the virtual table module that exposes opslab frames to SQL. The module's
// callbacks are Swift functions (@_cdecl in LabData/SQL/FrameTableModule.swift);
// this header declares them, lays out the module and its C structs, and steps the cursor.
#ifndef OPSLAB_CSQLITE_SHIM_H
#define OPSLAB_CSQLITE_SHIM_H

#include <stdint.h>
#include <string.h>
#include <sqlite3.h>

static inline void opslab_result_text_static(sqlite3_context *c, const char *p, int n) {
    sqlite3_result_text(c, p, n, SQLITE_STATIC);
}
static inline void opslab_result_text_transient(sqlite3_context *c, const char *p, int n) {
    sqlite3_result_text(c, p, n, SQLITE_TRANSIENT);
}
static inline int opslab_bind_text_transient(sqlite3_stmt *s, int i, const char *p, int n) {
    return sqlite3_bind_text(s, i, p, n, SQLITE_TRANSIENT);
}
static inline int opslab_bind_text_static(sqlite3_stmt *s, int i, const char *p, int n) {
    return sqlite3_bind_text(s, i, p, n, SQLITE_STATIC);
}
// A copy of s in memory SQLite owns (error messages and idxStr must be freed by SQLite).
static inline char *opslab_sqlite_strdup(const char *s) { return sqlite3_mprintf("%s", s); }
/* Keep the WAL when the last connection closes instead of checkpointing it (and syncing) then:
   short-lived connections that each write one row would otherwise pay a checkpoint apiece. */
static inline int opslab_keep_wal_on_close(sqlite3 *db) { return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0); }

// One frame column as the per-cell loops see it: plain pointers into buffers the Swift side owns.
// Laid out here so that the C cursor can prefetch the cells of rows it will visit next.
#define OPSLAB_KIND_INTEGER 0
#define OPSLAB_KIND_REAL 1
#define OPSLAB_KIND_TEXT 2
#define OPSLAB_KIND_DATE 3
#define OPSLAB_KIND_DATETIME 4
typedef struct opslab_column_view {
    const double *values;      // numbers (integers, booleans 0/1, reals, days, seconds), or NULL
    const uint64_t *missing;   // the missing mask's words, or NULL when nothing is missing
    const int32_t *codes;      // strings: level codes, -1 when missing
    const char *arena;         // strings: the levels' UTF-8 bytes back to back
    const int64_t *offsets;    // strings: level k is arena[offsets[k]..<offsets[k+1]]
    int32_t kind;              // OPSLAB_KIND_*
} opslab_column_view;

// One frame as a virtual table, and a scan over it. `table` holds the Swift FrameTable (owned
// by the query's registry); the cursor walks rows position..<end, through `order` when the scan
// follows a sort or an equality lookup.
typedef struct opslab_frame_vtab {
    sqlite3_vtab base;
    void *table;
} opslab_frame_vtab;

typedef struct opslab_frame_cursor {
    sqlite3_vtab_cursor base;
    const opslab_column_view *columns;
    int column_count;
    const int32_t *order;
    sqlite3_int64 position;
    sqlite3_int64 end;
    sqlite3_int64 row;
} opslab_frame_cursor;

static inline opslab_frame_vtab *opslab_frame_vtab_new(void *table) {
    opslab_frame_vtab *v = (opslab_frame_vtab *)sqlite3_malloc(sizeof *v);
    if (v) { memset(v, 0, sizeof *v); v->table = table; }
    return v;
}
static inline opslab_frame_cursor *opslab_frame_cursor_new(const opslab_column_view *columns, int count) {
    opslab_frame_cursor *c = (opslab_frame_cursor *)sqlite3_malloc(sizeof *c);
    if (c) { memset(c, 0, sizeof *c); c->columns = columns; c->column_count = count; }
    return c;
}

// Stepping runs once per row, so it stays in C: no Swift objects, no reference counting.
// A scan in sorted order jumps around the columns; asking for the cells of the row 16 steps
// ahead hides most of the cache misses (only columns already in use have buffers to fetch).
static inline void opslab_frame_cursor_settle(opslab_frame_cursor *c) {
    if (c->position >= c->end) return;
    if (!c->order) { c->row = c->position; return; }
    c->row = c->order[c->position];
    if (c->position + 16 < c->end) {
        int64_t ahead = c->order[c->position + 16];
        for (int i = 0; i < c->column_count; i++) {
            const opslab_column_view *v = &c->columns[i];
            if (v->values) __builtin_prefetch(v->values + ahead);
            if (v->codes) __builtin_prefetch(v->codes + ahead);
            if (v->missing) __builtin_prefetch(v->missing + (ahead >> 6));
        }
    }
}
static inline int opslab_frame_next(sqlite3_vtab_cursor *cursor) {
    opslab_frame_cursor *c = (opslab_frame_cursor *)cursor;
    c->position++;
    opslab_frame_cursor_settle(c);
    return SQLITE_OK;
}
static inline int opslab_frame_eof(sqlite3_vtab_cursor *cursor) {
    opslab_frame_cursor *c = (opslab_frame_cursor *)cursor;
    return c->position >= c->end;
}
static inline int opslab_frame_rowid(sqlite3_vtab_cursor *cursor, sqlite3_int64 *rowid) {
    *rowid = ((opslab_frame_cursor *)cursor)->row;
    return SQLITE_OK;
}
static inline int opslab_frame_close(sqlite3_vtab_cursor *cursor) {
    sqlite3_free(cursor);
    return SQLITE_OK;
}

// Implemented in Swift.
int opslab_frame_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **error);
int opslab_frame_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info);
int opslab_frame_disconnect(sqlite3_vtab *vtab);
int opslab_frame_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out);
int opslab_frame_filter(sqlite3_vtab_cursor *cursor, int plan, const char *planText, int argc, sqlite3_value **argv);
int opslab_frame_column(sqlite3_vtab_cursor *cursor, sqlite3_context *context, int column);

// Read-only tables: no xUpdate, no transactions. CREATE and CONNECT are the same,
// since the data lives in the frame, not in the database.
static inline const sqlite3_module *opslab_frame_module(void) {
    static const sqlite3_module module = {
        1,
        opslab_frame_connect, opslab_frame_connect, opslab_frame_best_index,
        opslab_frame_disconnect, opslab_frame_disconnect,
        opslab_frame_open, opslab_frame_close, opslab_frame_filter, opslab_frame_next, opslab_frame_eof,
        opslab_frame_column, opslab_frame_rowid,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    };
    return &module;
}
#endif

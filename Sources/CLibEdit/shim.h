// Thin C wrappers: libedit's el_set/el_get/history are variadic and the C stdio
// globals and sigaction are not usable from Swift 6 directly.
#ifndef OPSLAB_CLIBEDIT_SHIM_H
#define OPSLAB_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <histedit.h>

typedef char *(*opslab_prompt_fn)(EditLine *);
typedef unsigned char (*opslab_key_fn)(EditLine *, int);
typedef int (*opslab_getc_fn)(EditLine *, wchar_t *);
typedef void (*opslab_signal_fn)(int);

// Output goes to stderr so that line editing keeps working when stdout is piped.
static inline EditLine *opslab_el_init(const char *program) {
    return el_init(program, stdin, stderr, stderr);
}
static inline int opslab_el_set_prompt(EditLine *e, opslab_prompt_fn f) { return el_set(e, EL_PROMPT, f); }
static inline int opslab_el_set_editor(EditLine *e, const char *mode) { return el_set(e, EL_EDITOR, mode); }
static inline int opslab_el_set_history(EditLine *e, History *h) { return el_set(e, EL_HIST, history, h); }
static inline int opslab_el_add_function(EditLine *e, const char *name, const char *help, opslab_key_fn f) {
    return el_set(e, EL_ADDFN, name, help, f);
}
static inline int opslab_el_bind(EditLine *e, const char *key, const char *function) {
    return el_set(e, EL_BIND, key, function, NULL);
}
static inline int opslab_el_set_getc(EditLine *e, opslab_getc_fn f) { return el_set(e, EL_GETCFN, f); }
static inline int opslab_el_set_client_data(EditLine *e, void *data) { return el_set(e, EL_CLIENTDATA, data); }
static inline void *opslab_el_client_data(EditLine *e) {
    void *data = NULL;
    el_get(e, EL_CLIENTDATA, &data);
    return data;
}

static inline History *opslab_history_init(int size) {
    History *h = history_init();
    HistEvent ev;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}
static inline int opslab_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int opslab_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int opslab_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

// SIGINT without SA_RESTART, so a blocking read returns EINTR and the shell can react.
static inline int opslab_install_signal(int signo, opslab_signal_fn handler) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    return sigaction(signo, &sa, NULL);
}
static inline int opslab_terminal_columns(int fd) {
    struct winsize w;
    if (ioctl(fd, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
    return 0;
}
static inline int opslab_errno(void) { return errno; }
static inline FILE *opslab_stderr(void) { return stderr; }

#endif

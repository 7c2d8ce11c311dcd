#include "CLineEditor.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <unistd.h>
#include <wchar.h>

int cap_setup_locale(void) {
    setlocale(LC_CTYPE, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "utf8") == 0)) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "C.utf8")) return 1;
    return 0;
}

static char prompt_text[64] = "cap> ";

static char *current_prompt(EditLine *editor) {
    (void)editor;
    return prompt_text;
}

void cap_editor_set_prompt(const char *prompt) {
    strncpy(prompt_text, prompt, sizeof prompt_text - 1);
    prompt_text[sizeof prompt_text - 1] = '\0';
}

static int read_char(EditLine *editor, wchar_t *out);

// The descriptor keys are read from: standard input opened a second time,
// non-blocking (see read_char), or standard input itself where that fails.
static int key_fd = STDIN_FILENO;

EditLine *cap_editor_open(const char *program, History *h) {
    EditLine *editor = el_init(program, stdin, stdout, stderr);
    if (!editor) return NULL;
    // A new open file description, so O_NONBLOCK stays ours: set on
    // standard input itself it would be shared with the shell that started
    // us, and left behind if we were killed.
    int fd = open("/proc/self/fd/0", O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd >= 0) key_fd = fd;
    el_set(editor, EL_EDITOR, "emacs");
    el_set(editor, EL_SIGNAL, 1);
    el_set(editor, EL_GETCFN, read_char);
    el_set(editor, EL_PROMPT, current_prompt);
    if (h) el_set(editor, EL_HIST, history, h);
    // Emacs mode binds ^R to redisplay; readline users expect search.
    el_set(editor, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_source(editor, NULL);
    return editor;
}

int cap_editor_bind_completion(EditLine *editor, unsigned char (*function)(EditLine *, int)) {
    // The wide call keeps these strings (literals, so they outlive the
    // editor); the narrow el_set copies them and never frees the copies
    // ("XXX: The two strdup's leak" in libedit), which the address
    // sanitizer reports.
    static const wchar_t name[] = L"cap-complete";
    if (el_wset(editor, EL_ADDFN, name, L"Complete the word before the cursor", function) != 0) return -1;
    return el_wset(editor, EL_BIND, L"^I", name, NULL);
}

void cap_editor_set_client(EditLine *editor, void *client) { el_set(editor, EL_CLIENTDATA, client); }

void *cap_editor_client(EditLine *editor) {
    void *client = NULL;
    el_get(editor, EL_CLIENTDATA, &client);
    return client;
}

void cap_editor_close(EditLine *editor) {
    el_end(editor);
    if (key_fd != STDIN_FILENO) close(key_fd);
    key_fd = STDIN_FILENO;
}

History *cap_history_open(int size) {
    History *h = history_init();
    if (!h) return NULL;
    HistEvent event;
    history(h, &event, H_SETSIZE, size);
    history(h, &event, H_SETUNIQUE, 1);
    return h;
}

void cap_history_enter(History *h, const char *line) {
    HistEvent event;
    history(h, &event, H_ENTER, line);
}

void cap_history_clear(History *h) {
    HistEvent event;
    history(h, &event, H_CLEAR);
}

void cap_history_close(History *h) { history_end(h); }

// Atomic, not just sig_atomic_t: a long evaluation polls it from the
// thread it runs on, not the one the signal lands on.
static atomic_int interrupted = 0;

static void on_interrupt(int signal) {
    (void)signal;
    atomic_store_explicit(&interrupted, 1, memory_order_relaxed);
}

int cap_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    // A parent may have left SIGINT blocked; a blocked Ctrl-C would never
    // reach the handler.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    return sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int cap_take_interrupt(void) { return atomic_exchange_explicit(&interrupted, 0, memory_order_relaxed); }

int cap_interrupt_pending(void) { return atomic_load_explicit(&interrupted, memory_order_relaxed); }

// Waits until a key can be read; returns 1, reading nothing, once SIGINT
// has arrived. libedit's own reader blocks in read(), so a Ctrl-C landing
// while it redraws (before it blocks) set the flag and was then lost: the
// read waited for the next key, in the cooked mode libedit's handler had
// switched to, and the cancelled line ran with whatever was typed next.
// Here SIGINT is blocked while the flag is tested and unblocked only inside
// pselect, atomically, so it either shows in the test or ends the wait.
static int wait_for_key(void) {
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &old);
    if (!atomic_load_explicit(&interrupted, memory_order_relaxed)) {
        sigset_t during = old;
        sigdelset(&during, SIGINT);
        fd_set keys;
        FD_ZERO(&keys);
        FD_SET(key_fd, &keys);
        pselect(key_fd + 1, &keys, NULL, NULL, NULL, &during);
    }
    // A SIGINT that libedit's handler passed on with kill() is still
    // pending here, and reaches our handler as the mask is restored.
    sigprocmask(SIG_SETMASK, &old, NULL);
    return atomic_load_explicit(&interrupted, memory_order_relaxed);
}

// The editor's reader (EL_GETCFN): one character from standard input,
// decoded in the locale's encoding (UTF-8, see cap_setup_locale) as
// libedit's built-in reader does, except that a malformed sequence reads
// as U+FFFD rather than vanishing, and the byte that showed it malformed
// is kept to start the next character. Returns 1, 0 at end of input, or
// -1 with errno EINTR when interrupted, which makes el_gets return NULL.
static int read_char(EditLine *editor, wchar_t *out) {
    (void)editor;
    static int carried = -1;
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    for (;;) {
        if (carried >= 0) {
            bytes[count++] = (char)carried;
            carried = -1;
        } else {
            if (wait_for_key()) {
                errno = EINTR;
                return -1;
            }
            // Non-blocking: a Ctrl-C landing between the wait and this read
            // discards the key the wait saw (the terminal flushes its input
            // on ^C), and a blocking read would then sleep until the next
            // key with the interrupt unnoticed. Here it fails with EAGAIN
            // and the wait, seeing the flag, returns.
            ssize_t n = read(key_fd, &bytes[count], 1);
            if (n == 0) return 0;
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
                return -1;
            }
            count += 1;
        }
        mbstate_t state;
        memset(&state, 0, sizeof state);
        size_t used = mbrtowc(out, bytes, count, &state);
        if (used == (size_t)-2 && count < sizeof bytes) continue;  // more bytes to come
        if (used == (size_t)-1 && count > 1) carried = (unsigned char)bytes[count - 1];
        if (used == (size_t)-1 || used == (size_t)-2) *out = 0xFFFD;
        return 1;
    }
}

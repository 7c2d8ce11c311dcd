#include "CLineEditor.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

EditLine *cap_editor_open(const char *program, History *h) {
    EditLine *editor = el_init(program, stdin, stdout, stderr);
    if (!editor) return NULL;
    el_set(editor, EL_EDITOR, "emacs");
    el_set(editor, EL_SIGNAL, 1);
    el_set(editor, EL_PROMPT, current_prompt);
    if (h) el_set(editor, EL_HIST, history, h);
    // Emacs mode binds ^R to redisplay; readline users expect search.
    el_set(editor, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_source(editor, NULL);
    return editor;
}

int cap_editor_add_function(EditLine *editor, const char *name, const char *help,
                            unsigned char (*function)(EditLine *, int), const char *key) {
    if (el_set(editor, EL_ADDFN, name, help, function) != 0) return -1;
    return el_set(editor, EL_BIND, key, name, NULL);
}

void cap_editor_set_client(EditLine *editor, void *client) { el_set(editor, EL_CLIENTDATA, client); }

void *cap_editor_client(EditLine *editor) {
    void *client = NULL;
    el_get(editor, EL_CLIENTDATA, &client);
    return client;
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

void cap_history_close(History *h) { history_end(h); }

static volatile sig_atomic_t interrupted = 0;

static void on_interrupt(int signal) {
    (void)signal;
    interrupted = 1;
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

int cap_take_interrupt(void) {
    int was = interrupted;
    interrupted = 0;
    return was;
}

int cap_interrupt_pending(void) { return interrupted; }

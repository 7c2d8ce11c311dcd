#ifndef CAP_LINE_EDITOR_H
#define CAP_LINE_EDITOR_H

// Non-variadic doors into libedit for Swift, which cannot call el_set,
// el_get or history (C variadic functions), nor touch stdin/stdout/stderr
// under strict concurrency. Signal state lives in the .c file: a static in
// a header would be copied into every module that imports it.

#include <histedit.h>

/// Makes the C library read UTF-8 whatever the locale: under the C/POSIX
/// locale libedit drops every non-ASCII byte. Returns 1 when the codeset
/// in force is UTF-8.
int cap_setup_locale(void);

/// Opens an editor on the standard streams with emacs keys, history,
/// incremental reverse search on ^R, libedit's own signal handling (it
/// restores the terminal before any signal acts), a key reader that a
/// Ctrl-C always interrupts (even one arriving while libedit redraws), and
/// then ~/.editrc, so the user's settings (`bind -v` for vi mode) win.
EditLine *cap_editor_open(const char *program, History *history);

/// Ends the editor (restoring the terminal) and closes its key descriptor.
void cap_editor_close(EditLine *editor);

/// The prompt the editor shows next (copied; at most 63 bytes).
void cap_editor_set_prompt(const char *prompt);

/// Binds Tab to `function`, which completes the word before the cursor.
int cap_editor_bind_completion(EditLine *editor, unsigned char (*function)(EditLine *, int));

void cap_editor_set_client(EditLine *editor, void *client);
void *cap_editor_client(EditLine *editor);

/// A history that drops consecutive duplicates.
History *cap_history_open(int size);
void cap_history_enter(History *history, const char *line);
void cap_history_clear(History *history);
void cap_history_close(History *history);

/// SIGINT sets a flag instead of killing the process. Installed without
/// SA_RESTART, so a blocking read fails with EINTR and el_gets returns.
int cap_install_interrupt_handler(void);
/// Whether SIGINT arrived since the last call; clears the flag.
int cap_take_interrupt(void);
/// Whether SIGINT arrived, leaving the flag set (polled by long evaluations).
int cap_interrupt_pending(void);

#endif

// SQLite's C API (sqlite3.h), from Debian's libsqlite3-dev: `cap export
// --format sqlite` writes its database through it.
#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call: these fix its two
// settings for a process with one connection on one thread (no mutexes,
// no memory statistics, which take a global mutex on every allocation).
static inline int cap_sqlite3_configure_single_thread(void) {
    int a = sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
    int b = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return a != SQLITE_OK ? a : b;
}

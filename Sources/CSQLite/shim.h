// SQLite's C API (sqlite3.h), from Debian's libsqlite3-dev: `cap export
// --format sqlite` writes its database through it.
#include <sqlite3.h>

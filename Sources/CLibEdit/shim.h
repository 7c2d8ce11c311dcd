// libedit's native API (histedit.h), from Debian's libedit-dev.
#include <histedit.h>

// mktemp(3) for the statically linked Foundation, without glibc's mktemp.
//
// The release build links Swift's Foundation statically
// (--static-swift-stdlib), and FoundationEssentials' createTemporaryFile
// (behind Data.write(options: .atomic)) calls mktemp. glibc marks mktemp
// with a link-time warning, so every release link printed "the use of
// `mktemp' is dangerous, better use `mkstemp' or `mkdtemp'", which alarms
// whoever builds cap for the first time. The use is harmless: Foundation
// opens the name with O_CREAT | O_EXCL and tries again on EEXIST, as mkstemp
// itself does, and cap never calls it (cap writes through its own
// AtomicFile). The cap target links with -Xlinker --wrap=mktemp (Linux only;
// see Package.swift), which sends the references to mktemp in the objects
// linked into cap, Foundation's included, here instead; nothing then refers
// to glibc's mktemp, and the linker has nothing to warn about. Shared
// libraries are not affected.
//
// Same contract as glibc's: the trailing XXXXXX of `template` become a name
// that did not exist when it was chosen; on failure `template` becomes ""
// (errno set) and is returned all the same.
#if defined(__linux__)
#include <stdlib.h>
#include <unistd.h>

char *__wrap_mktemp(char *template) {
    int fd = mkstemp(template);
    if (fd < 0) {
        template[0] = '\0';
        return template;
    }
    close(fd);
    unlink(template);
    return template;
}
#endif

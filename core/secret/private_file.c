#include "secret/private_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int private_file_read(const char *path, size_t max, secbuf *out, st_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return st_err_set(err, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return st_err_set(err, "%s: not a regular file", path);
    }
    /* Checked on the open descriptor, so the file checked is the file read. */
    if (st.st_mode & 077) {
        close(fd);
        return st_err_set(err, "%s: readable or writable by group or others (mode %04o); run: chmod 600 %s",
                          path, (unsigned)(st.st_mode & 07777), path);
    }
    if ((size_t)st.st_size > max) {
        close(fd);
        return st_err_set(err, "%s: file is larger than %zu bytes", path, max);
    }
    secbuf buf;
    if (secbuf_alloc(&buf, (size_t)st.st_size + 1, err) != 0) {
        close(fd);
        return -1;
    }
    size_t got = 0;
    for (;;) {
        /* Read one byte past the size seen by fstat so a file that grew is noticed. */
        ssize_t r = read(fd, buf.p + got, buf.len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            secbuf_free(&buf);
            return st_err_set(err, "%s: cannot read: %s", path, strerror(e));
        }
        if (r == 0)
            break;
        got += (size_t)r;
        if (got == buf.len) {
            close(fd);
            secbuf_free(&buf);
            return st_err_set(err, "%s: changed while being read", path);
        }
    }
    close(fd);
    buf.p[got] = 0;
    buf.len = got;
    *out = buf;
    return 0;
}

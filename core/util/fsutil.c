#include "util/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_read_file(const char *path, size_t max, char **out, size_t *outlen, st_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return st_err_set(err, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return st_err_set(err, "%s: not a regular file", path);
    }
    if ((size_t)st.st_size > max) {
        close(fd);
        return st_err_set(err, "%s: file is larger than %zu bytes", path, max);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (buf == NULL) {
        close(fd);
        return st_err_set(err, "%s: out of memory", path);
    }
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = '\0';
    *out = buf;
    if (outlen)
        *outlen = got;
    return 0;
}

int fs_check_private(const char *path, st_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return st_err_set(err, "%s: cannot stat: %s", path, strerror(errno));
    if (st.st_mode & 077)
        return st_err_set(err, "%s: readable or writable by group or others (mode %04o); run: chmod 600 %s",
                          path, (unsigned)(st.st_mode & 07777), path);
    return 0;
}

int fs_read_private_file(const char *path, size_t max, secbuf *out, st_err *err)
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

int fs_read_secret_file(const char *path, size_t max, secbuf *out, st_err *err)
{
    if (fs_read_private_file(path, max, out, err) != 0)
        return -1;
    /* Text secrets: drop the trailing newline (and spaces) an editor or echo adds. */
    while (out->len > 0 && (out->p[out->len - 1] == '\n' || out->p[out->len - 1] == '\r' ||
                            out->p[out->len - 1] == ' ' || out->p[out->len - 1] == '\t'))
        out->p[--out->len] = 0;
    return 0;
}

static int fsync_dir_of(const char *path)
{
    char *dir = fs_dirname(path);
    if (dir == NULL)
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int fs_write_new(const char *path, const void *data, size_t len, mode_t mode, st_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
        if (errno == EEXIST)
            return st_err_set(err, "%s: already exists; refusing to overwrite it", path);
        return st_err_set(err, "%s: cannot create: %s", path, strerror(errno));
    }
    /* The umask may have narrowed the mode; never widened, but set it exactly. */
    if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(path);
        return st_err_set(err, "%s: cannot write: %s", path, strerror(e));
    }
    close(fd);
    if (fsync_dir_of(path) != 0)
        return st_err_set(err, "%s: cannot sync its folder: %s", path, strerror(errno));
    return 0;
}

int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, st_err *err)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (tmp == NULL)
        return st_err_set(err, "%s: out of memory", path);
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        st_err_set(err, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return st_err_set(err, "%s: cannot write: %s", path, strerror(e));
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return st_err_set(err, "%s: cannot replace: %s", path, strerror(e));
    }
    free(tmp);
    if (fsync_dir_of(path) != 0)
        return st_err_set(err, "%s: cannot sync its folder: %s", path, strerror(errno));
    return 0;
}

int fs_mkdir_p(const char *path, mode_t mode, st_err *err)
{
    char *copy = strdup(path);
    if (copy == NULL)
        return st_err_set(err, "%s: out of memory", path);
    for (char *p = copy + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(copy, mode) != 0 && errno != EEXIST) {
                st_err_set(err, "%s: cannot create folder: %s", copy, strerror(errno));
                free(copy);
                return -1;
            }
            *p = c;
            if (c == '\0')
                break;
        }
    }
    free(copy);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return st_err_set(err, "%s: exists and is not a folder", path);
    return 0;
}

char *fs_resolve(const char *base_dir, const char *path)
{
    if (path[0] == '/' || base_dir == NULL || base_dir[0] == '\0')
        return strdup(path);
    size_t n = strlen(base_dir) + strlen(path) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", base_dir, path);
    return out;
}

char *fs_dirname(const char *path)
{
    char *copy = strdup(path);
    if (copy == NULL)
        return NULL;
    char *d = strdup(dirname(copy));
    free(copy);
    return d;
}

int fs_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path) == 0 ? 0 : -1;
}

int fs_remove_tree(const char *path)
{
    /* Depth first, without following links, staying on one file system. */
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

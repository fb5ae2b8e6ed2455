/* testfs.h: file helpers for the unit tests that work in a temporary folder. A test makes
 * its folder with testfs_mkdtemp, builds paths in it itself, and removes it at the end with
 * testfs_rmtree. Setting up a fixture either works or ends the program with exit status 2
 * (like check_load_vectors); the helpers that only look return 0 instead, so a CHECK on the
 * result fails. */
#ifndef STEWARD_TEST_TESTFS_H
#define STEWARD_TEST_TESTFS_H

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Makes a fresh folder /tmp/<prefix>-XXXXXX (mode 0700, from mkdtemp) and writes its path to
 * out (cap bytes); exits 2 with a message if it cannot. */
static inline void testfs_mkdtemp(char *out, size_t cap, const char *prefix)
{
    int n = snprintf(out, cap, "/tmp/%s-XXXXXX", prefix);
    if (n < 0 || (size_t)n >= cap || mkdtemp(out) == NULL) {
        perror("mkdtemp");
        exit(2);
    }
}

/* nftw callback for testfs_rmtree: removes one entry (children come first, FTW_DEPTH). */
static inline int testfs_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* Removes the folder dir and everything below it, following no symbolic link; returns 0, or
 * non-zero when something could not be removed. */
static inline int testfs_rmtree(const char *dir)
{
    return nftw(dir, testfs_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes len bytes of data to path as a new file with exactly `mode` (umask does not apply):
 * an existing file or link at path is unlinked first and the file created with O_EXCL. Exits
 * 2 with a message if it cannot. */
static inline void testfs_write_file(const char *path, const void *data, size_t len, mode_t mode)
{
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || write(fd, data, len) != (ssize_t)len || fchmod(fd, mode) != 0) {
        perror(path);
        exit(2);
    }
    close(fd);
}

/* Reads path into buf, at most cap bytes; returns how many were read, 0 when the file cannot
 * be opened. Adds no NUL: for a string, pass one byte less than the buffer and terminate it
 * at the returned length. */
static inline size_t testfs_read_file(const char *path, void *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* The permission bits of path (mode & 07777, so setuid, setgid and sticky count), or 0 when
 * it cannot be stat'ed. Follows a symbolic link. */
static inline mode_t testfs_mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (st.st_mode & 07777) : 0;
}

#endif

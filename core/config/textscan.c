#include "config/textscan.h"

#include <stdint.h>
#include <string.h>

/* Decodes one UTF-8 sequence at s (n bytes left). Returns its length, or 0 when malformed
 * (truncated, overlong, surrogate, above U+10FFFF). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* YAML 1.1 c-printable, as libyaml's reader checks it. */
static int printable(uint32_t c)
{
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
           (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

int text_check(const char *text, size_t len, size_t *bad_off, const char **why)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            *bad_off = i;
            *why = "invalid UTF-8 (binary data?)";
            return -1;
        }
        if (cp == 0) {
            *bad_off = i;
            *why = "NUL byte (binary data?)";
            return -1;
        }
        if (!printable(cp)) {
            *bad_off = i;
            *why = "control character (binary data?)";
            return -1;
        }
        i += n;
    }
    return 0;
}

void text_position(const char *text, size_t len, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    if (off > len)
        off = len;
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 && off >= 3)
        i = 3; /* libyaml does not count a byte order mark as a column */
    for (; i < off; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') {
            l++, c = 1;
        } else if (ch == '\r') {
            if (i + 1 < off && text[i + 1] == '\n')
                i++;
            l++, c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++; /* continuation bytes belong to the character already counted */
        }
    }
    *line = l;
    *col = c;
}

size_t text_offset(const char *text, size_t len, unsigned line, unsigned col)
{
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (unsigned l = 1; l < line && i < len; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < len && text[i + 1] == '\n')))
            l++;
    }
    for (unsigned c = 1; c < col && i < len; c++) {
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* policy_parse.c: JSON rules (docs/policy.md) into struct policy, with key-path errors. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "policy/policy_rules.h"
#include "util/decimal.h"

#define PATH_MAX_LEN 512

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* out = a "." b; a path too long for out is cut (it only names the key in a message). */
static void join(char *out, size_t cap, const char *a, const char *b)
{
    if (snprintf(out, cap, "%s.%s", a, b) >= (int)cap && cap > 4)
        memcpy(out + cap - 4, "...", 4);
}

static int oom(st_err *err)
{
    return st_err_set(err, "policy: out of memory");
}

/* A display amount: digits with an optional fraction (up to 77 fraction digits, the most
 * any asset can have); the asset's own decimals are applied at decision time, where a limit
 * with more fraction digits than the asset has is an error. */
static int parse_amount(json_t *v, const char *path, char **out, st_err *err)
{
    if (!json_is_string(v))
        return st_err_set(err, "%s: must be a decimal string such as \"0.5\" (not a JSON number)", path);
    uint8_t u[32];
    st_err e = {0};
    const char *txt = json_string_value(v), *dot = strchr(txt, '.');
    size_t frac = dot ? strlen(dot + 1) : 0;
    if (decimal_to_units(txt, frac > 77 ? 77 : (unsigned)frac, u, &e) != 0)
        return st_err_set(err, "%s: %s", path, e.msg);
    *out = dup_str(json_string_value(v));
    return *out ? 0 : oom(err);
}

static int parse_limits(json_t *obj, const char *path, const char *chain, const char *asset,
                        struct policy_limits *l, st_err *err)
{
    memset(l, 0, sizeof *l);
    l->max_tx_per_hour = -1;
    l->chain = dup_str(chain);
    l->asset = dup_str(asset);
    if (!l->chain || !l->asset)
        return oom(err);
    if (!json_is_object(obj))
        return st_err_set(err, "%s: must be an object of limits (max_per_tx, max_per_day, max_tx_per_hour)", path);
    const char *k;
    json_t *v;
    char sub[PATH_MAX_LEN];
    json_object_foreach(obj, k, v) {
        join(sub, sizeof sub, path, k);
        if (strcmp(k, "max_per_tx") == 0) {
            if (parse_amount(v, sub, &l->max_per_tx, err) != 0)
                return -1;
        } else if (strcmp(k, "max_per_day") == 0) {
            if (parse_amount(v, sub, &l->max_per_day, err) != 0)
                return -1;
        } else if (strcmp(k, "max_tx_per_hour") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0)
                return st_err_set(err, "%s: must be a non-negative integer", sub);
            l->max_tx_per_hour = (int64_t)json_integer_value(v);
        } else {
            return st_err_set(err, "%s: unknown limit (expected max_per_tx, max_per_day or max_tx_per_hour)", sub);
        }
    }
    return 0;
}

static int parse_lists(json_t *obj, const char *path, struct policy_list **out, size_t *n, st_err *err)
{
    if (!json_is_object(obj))
        return st_err_set(err, "%s: must be an object mapping a chain to a list of strings", path);
    size_t cnt = json_object_size(obj);
    *out = calloc(cnt ? cnt : 1, sizeof **out);
    if (!*out)
        return oom(err);
    const char *chain;
    json_t *arr;
    char sub[PATH_MAX_LEN];
    json_object_foreach(obj, chain, arr) {
        join(sub, sizeof sub, path, chain);
        struct policy_list *l = &(*out)[(*n)++];
        l->chain = dup_str(chain);
        if (!l->chain)
            return oom(err);
        if (chain[0] == '\0')
            return st_err_set(err, "%s: a chain name cannot be empty", sub);
        if (!json_is_array(arr))
            return st_err_set(err, "%s: must be a list of strings", sub);
        size_t m = json_array_size(arr);
        l->items = calloc(m ? m : 1, sizeof *l->items);
        if (!l->items)
            return oom(err);
        for (size_t i = 0; i < m; i++) {
            json_t *it = json_array_get(arr, i);
            if (!json_is_string(it) || json_string_length(it) == 0)
                return st_err_set(err, "%s[%zu]: must be a non-empty string", sub, i);
            if (!(l->items[l->n++] = dup_str(json_string_value(it))))
                return oom(err);
        }
    }
    return 0;
}

static int parse_ruleset(json_t *obj, const char *path, const char *name, struct policy_ruleset *rs,
                         st_err *err)
{
    rs->name = dup_str(name);
    if (!rs->name)
        return oom(err);
    if (name[0] == '\0')
        return st_err_set(err, "%s: a name cannot be empty", path);
    if (!json_is_object(obj))
        return st_err_set(err, "%s: must be an object", path);
    /* Count the limit entries first: chains hold objects of assets. */
    size_t total = 0;
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        if (strcmp(k, "allow_to") && strcmp(k, "deny_to") && strcmp(k, "assets") && json_is_object(v))
            total += json_object_size(v);
    }
    rs->limits = calloc(total ? total : 1, sizeof *rs->limits);
    if (!rs->limits)
        return oom(err);
    char sub[PATH_MAX_LEN], sub2[PATH_MAX_LEN];
    json_object_foreach(obj, k, v) {
        join(sub, sizeof sub, path, k);
        if (strcmp(k, "allow_to") == 0) {
            if (parse_lists(v, sub, &rs->allow_to, &rs->nallow, err) != 0)
                return -1;
        } else if (strcmp(k, "deny_to") == 0) {
            if (parse_lists(v, sub, &rs->deny_to, &rs->ndeny, err) != 0)
                return -1;
        } else if (strcmp(k, "assets") == 0) {
            if (parse_lists(v, sub, &rs->assets, &rs->nassets, err) != 0)
                return -1;
        } else {
            if (k[0] == '\0')
                return st_err_set(err, "%s: a chain name cannot be empty", sub);
            if (!json_is_object(v))
                return st_err_set(err, "%s: must be an object mapping an asset to its limits "
                                       "(or use allow_to, deny_to, assets)", sub);
            const char *asset;
            json_t *lim;
            json_object_foreach(v, asset, lim) {
                join(sub2, sizeof sub2, sub, asset);
                if (asset[0] == '\0')
                    return st_err_set(err, "%s: an asset name cannot be empty", sub2);
                if (parse_limits(lim, sub2, k, asset, &rs->limits[rs->nlimits++], err) != 0)
                    return -1;
            }
        }
    }
    return 0;
}

static int parse_sets(json_t *obj, const char *path, struct policy_ruleset **out, size_t *n, st_err *err)
{
    if (!json_is_object(obj))
        return st_err_set(err, "%s: must be an object", path);
    size_t cnt = json_object_size(obj);
    *out = calloc(cnt ? cnt : 1, sizeof **out);
    if (!*out)
        return oom(err);
    const char *name;
    json_t *v;
    char sub[PATH_MAX_LEN];
    json_object_foreach(obj, name, v) {
        join(sub, sizeof sub, path, name);
        if (parse_ruleset(v, sub, name, &(*out)[(*n)++], err) != 0)
            return -1;
    }
    return 0;
}

int policy_parse(const char *json, struct policy **out, st_err *err)
{
    *out = NULL;
    json_error_t je;
    json_t *root = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return st_err_set(err, "policy: line %d column %d: %s", je.line, je.column, je.text);
    struct policy *p = calloc(1, sizeof *p);
    int rc = -1;
    if (!p) {
        oom(err);
        goto done;
    }
    if (!json_is_object(root)) {
        st_err_set(err, "policy: must be an object with \"tenants\" and/or \"strategies\"");
        goto done;
    }
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v) {
        if (strcmp(k, "tenants") == 0) {
            if (parse_sets(v, "policy.tenants", &p->tenants, &p->ntenants, err) != 0)
                goto done;
        } else if (strcmp(k, "strategies") == 0) {
            if (parse_sets(v, "policy.strategies", &p->strategies, &p->nstrategies, err) != 0)
                goto done;
        } else {
            st_err_set(err, "policy.%s: unknown key (expected tenants or strategies)", k);
            goto done;
        }
    }
    rc = 0;
done:
    json_decref(root);
    if (rc != 0)
        policy_free(p);
    else
        *out = p;
    return rc;
}

static void free_lists(struct policy_list *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < l[i].n; j++)
            free(l[i].items[j]);
        free(l[i].items);
        free(l[i].chain);
    }
    free(l);
}

static void free_sets(struct policy_ruleset *rs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < rs[i].nlimits; j++) {
            free(rs[i].limits[j].chain);
            free(rs[i].limits[j].asset);
            free(rs[i].limits[j].max_per_tx);
            free(rs[i].limits[j].max_per_day);
        }
        free(rs[i].limits);
        free_lists(rs[i].allow_to, rs[i].nallow);
        free_lists(rs[i].deny_to, rs[i].ndeny);
        free_lists(rs[i].assets, rs[i].nassets);
        free(rs[i].name);
    }
    free(rs);
}

void policy_free(struct policy *p)
{
    if (!p)
        return;
    free_sets(p->tenants, p->ntenants);
    free_sets(p->strategies, p->nstrategies);
    free(p);
}

/* testhttp.h: a loopback HTTP server for unit tests, on libmicrohttpd. testhttp_start runs a
 * handler that is called once per request with the whole body (up to TESTHTTP_BODY_MAX bytes,
 * NUL-terminated; longer bodies are cut); testhttp_reply answers with a status and a text.
 * Header-only (static functions) so each test binary gets its own copy. */
#ifndef STEWARD_TESTS_TESTHTTP_H
#define STEWARD_TESTS_TESTHTTP_H

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#define TESTHTTP_BODY_MAX 65536

typedef enum MHD_Result (*testhttp_fn)(struct MHD_Connection *c, const char *url, const char *method,
                                       const char *body);

struct testhttp_req {
    size_t len;
    char body[TESTHTTP_BODY_MAX + 1];
};

static enum MHD_Result testhttp_reply(struct MHD_Connection *c, unsigned code, const char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result testhttp_access(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                       const char *version, const char *data, size_t *size, void **con_cls)
{
    (void)version;
    struct testhttp_req *rq = *con_cls;
    if (rq == NULL) {
        *con_cls = calloc(1, sizeof *rq);
        return *con_cls ? MHD_YES : MHD_NO;
    }
    if (*size) {
        size_t room = TESTHTTP_BODY_MAX - rq->len, n = *size < room ? *size : room;
        memcpy(rq->body + rq->len, data, n);
        rq->len += n;
        *size = 0;
        return MHD_YES;
    }
    return ((testhttp_fn)cls)(c, url, method, rq->body);
}

static void testhttp_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
    (void)cls, (void)c, (void)t;
    free(*con_cls);
    *con_cls = NULL;
}

/* Starts a server on a free loopback port (a thread per connection); *port gets the port.
 * NULL when it cannot start. Stop it with MHD_stop_daemon. */
static struct MHD_Daemon *testhttp_start(testhttp_fn fn, unsigned *port)
{
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL,
                                            NULL, testhttp_access, (void *)fn, MHD_OPTION_NOTIFY_COMPLETED,
                                            testhttp_done, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
                                            MHD_OPTION_END);
    if (d != NULL)
        *port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
    return d;
}

#endif

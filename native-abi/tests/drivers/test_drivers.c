// Test-only C log drivers for the bridge's tests (monitor-core, io.jconmon.core.plugins.nativeabi).
// One source, one library per kind: the Makefile builds test-KIND.so with -DKIND_<kind>.
//   test-retry        writes accepted records to `path` as "<stream> <F|P> <length> <content>\n",
//                     but answers RETRY to the first `retries` (default 3) write calls
//   test-error        write answers `status` (default JCONMON_ERROR: 3; any number, to test that
//                     unknown codes count as errors), logging each call
//   test-drop         write answers DROP and logs the content; flush counts 2 records / 10 bytes
//                     dropped on stderr from a thread of its own (the host API is thread-safe)
//   test-info         open writes the container and options it got to `path`; write accepts all
//                     (also the benchmark's no-op driver)
//   test-abi-too-new  claims ABI version 999
//   test-small-struct struct_size smaller than version 1's
//   test-refuses      the entry returns NULL
//   test-bad-name     a name that cannot be selected with -l
//   not-a-driver      no entry symbol at all
#define _GNU_SOURCE
#include "jconmon_driver.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KIND_not_a_driver

struct test_ctx {
    const jconmon_host_api *host;
    FILE *out;
    long retries_left;
    long status;
};

static const char *option(const jconmon_kv *options, size_t count, const char *key, const char *fallback) {
    for (size_t i = 0; i < count; i++)
        if (strcmp(options[i].key, key) == 0)
            return options[i].value;
    return fallback;
}

__attribute__((unused)) static const char *or_null(const char *s) {
    return s != NULL ? s : "(null)";
}

static jconmon_status test_open(const jconmon_host_api *host, const jconmon_container *container,
        const jconmon_kv *options, size_t option_count, void **ctx, char *err, size_t err_len) {
    struct test_ctx *t = calloc(1, sizeof *t);
    if (t == NULL)
        return JCONMON_ERROR;
    t->host = host;
    t->retries_left = atol(option(options, option_count, "retries", "3"));
    t->status = atol(option(options, option_count, "status", "3"));
    const char *path = option(options, option_count, "path", NULL);
    if (path != NULL) {
        t->out = fopen(path, "a");
        if (t->out == NULL) {
            snprintf(err, err_len, "cannot open %s", path);
            free(t);
            return JCONMON_ERROR;
        }
        setvbuf(t->out, NULL, _IONBF, 0);
    }
#ifdef KIND_info
    if (t->out != NULL) {
        fprintf(t->out, "host abi=%u struct_size=%u\n", host->abi_version, host->struct_size);
        fprintf(t->out, "id=%s uuid=%s name=%s tag=%s bundle=%s flags=%u\n", or_null(container->id),
                or_null(container->uuid), or_null(container->name), or_null(container->tag),
                or_null(container->bundle), container->flags);
        for (size_t i = 0; i < container->label_count; i++)
            fprintf(t->out, "label %s=%s\n", container->labels[i].key, container->labels[i].value);
        for (size_t i = 0; i < option_count; i++)
            fprintf(t->out, "option %s=%s\n", options[i].key, options[i].value);
    }
#else
    (void)container;
#endif
    *ctx = t;
    return JCONMON_OK;
}

__attribute__((unused)) static void record_line(struct test_ctx *t, const jconmon_record *r) {
    if (t->out == NULL)
        return;
    fprintf(t->out, "%s %c %zu ", r->stream == JCONMON_STREAM_STDERR ? "stderr" : "stdout",
            (r->flags & JCONMON_RECORD_PARTIAL) ? 'P' : 'F', r->length);
    fwrite(r->data, 1, r->length, t->out);
    fputc('\n', t->out);
}

#ifdef KIND_drop
static void *count_from_thread(void *arg) {
    const jconmon_host_api *host = arg;
    host->count_dropped(host->host, JCONMON_STREAM_STDERR, 2, 10);
    host->log(host->host, JCONMON_LOG_INFO, "counted from a thread");
    return NULL;
}
#endif

static jconmon_status test_write(void *ctx, const jconmon_record *r) {
    struct test_ctx *t = ctx;
#if defined(KIND_retry)
    if (t->retries_left > 0) {
        t->retries_left--;
        return JCONMON_RETRY;
    }
    record_line(t, r);
    return JCONMON_OK;
#elif defined(KIND_error)
    (void)r;
    t->host->log(t->host->host, JCONMON_LOG_ERROR, "refusing a record");
    return (jconmon_status)t->status;
#elif defined(KIND_drop)
    char message[128];
    snprintf(message, sizeof message, "dropping %.*s", (int)r->length, (const char *)r->data);
    t->host->log(t->host->host, JCONMON_LOG_WARN, message);
    return JCONMON_DROP;
#else
    (void)t;
    (void)r;
    return JCONMON_OK;
#endif
}

static jconmon_status test_flush(void *ctx) {
    struct test_ctx *t = ctx;
#ifdef KIND_drop
    pthread_t thread;
    if (pthread_create(&thread, NULL, count_from_thread, (void *)t->host) != 0)
        return JCONMON_ERROR;
    pthread_join(thread, NULL);
#else
    (void)t;
#endif
    return JCONMON_OK;
}

static void test_close(void *ctx) {
    struct test_ctx *t = ctx;
    if (t->out != NULL)
        fclose(t->out);
    free(t);
}

static const char *const option_names[] = {"path", "retries", "status", NULL};

#if defined(KIND_retry)
#define NAME "test-retry"
#elif defined(KIND_error)
#define NAME "test-error"
#elif defined(KIND_drop)
#define NAME "test-drop"
#elif defined(KIND_info)
#define NAME "test-info"
#elif defined(KIND_abi_too_new)
#define NAME "test-abi-too-new"
#elif defined(KIND_small_struct)
#define NAME "test-small-struct"
#elif defined(KIND_refuses)
#define NAME "test-refuses"
#elif defined(KIND_bad_name)
#define NAME "bad name:"
#else
#error "unknown test driver kind"
#endif

static const jconmon_driver driver = {
#ifdef KIND_abi_too_new
    .abi_version = 999,
#else
    .abi_version = JCONMON_DRIVER_ABI_VERSION,
#endif
#ifdef KIND_small_struct
    .struct_size = 8,
#else
    .struct_size = sizeof(jconmon_driver),
#endif
    .name = NAME,
    .option_names = option_names,
    .open = test_open,
    .write = test_write,
    .flush = test_flush,
    .reopen = NULL,
    .close = test_close,
};

const jconmon_driver *jconmon_driver_entry(uint32_t host_abi_version) {
    (void)host_abi_version;
#ifdef KIND_refuses
    (void)driver;
    return NULL;
#else
    return &driver;
#endif
}

#else // KIND_not_a_driver: a shared library like any other, without the entry symbol

int not_a_jconmon_driver(void) {
    return 42;
}

#endif

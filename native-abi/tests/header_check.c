// Compiled by `make check` as strict C11 (-std=c11 -pedantic -Wall -Wextra -Werror) and, as
// header_check.cpp, as C++: the header must build cleanly in both. The layout assertions pin the
// version-1 ABI on LP64 (x86-64, aarch64): a change that moves a field fails here, before any
// driver built against an older header would read the wrong bytes (versioning rule 2).
#include "jconmon_driver.h"

#ifdef __cplusplus
#define STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

#if defined(__LP64__)
STATIC_ASSERT(sizeof(jconmon_record) == 40, "jconmon_record v1 size");
STATIC_ASSERT(offsetof(jconmon_record, struct_size) == 0, "record.struct_size");
STATIC_ASSERT(offsetof(jconmon_record, stream) == 4, "record.stream");
STATIC_ASSERT(offsetof(jconmon_record, flags) == 8, "record.flags");
STATIC_ASSERT(offsetof(jconmon_record, timestamp_ns) == 16, "record.timestamp_ns");
STATIC_ASSERT(offsetof(jconmon_record, data) == 24, "record.data");
STATIC_ASSERT(offsetof(jconmon_record, length) == 32, "record.length");

STATIC_ASSERT(sizeof(jconmon_kv) == 16, "jconmon_kv is frozen");

STATIC_ASSERT(sizeof(jconmon_container) == 64, "jconmon_container v1 size");
STATIC_ASSERT(offsetof(jconmon_container, flags) == 4, "container.flags");
STATIC_ASSERT(offsetof(jconmon_container, id) == 8, "container.id");
STATIC_ASSERT(offsetof(jconmon_container, uuid) == 16, "container.uuid");
STATIC_ASSERT(offsetof(jconmon_container, name) == 24, "container.name");
STATIC_ASSERT(offsetof(jconmon_container, tag) == 32, "container.tag");
STATIC_ASSERT(offsetof(jconmon_container, bundle) == 40, "container.bundle");
STATIC_ASSERT(offsetof(jconmon_container, labels) == 48, "container.labels");
STATIC_ASSERT(offsetof(jconmon_container, label_count) == 56, "container.label_count");

STATIC_ASSERT(sizeof(jconmon_host_api) == 32, "jconmon_host_api v1 size");
STATIC_ASSERT(offsetof(jconmon_host_api, host) == 8, "host_api.host");
STATIC_ASSERT(offsetof(jconmon_host_api, log) == 16, "host_api.log");
STATIC_ASSERT(offsetof(jconmon_host_api, count_dropped) == 24, "host_api.count_dropped");

STATIC_ASSERT(sizeof(jconmon_driver) == 64, "jconmon_driver v1 size");
STATIC_ASSERT(offsetof(jconmon_driver, name) == 8, "driver.name");
STATIC_ASSERT(offsetof(jconmon_driver, option_names) == 16, "driver.option_names");
STATIC_ASSERT(offsetof(jconmon_driver, open) == 24, "driver.open");
STATIC_ASSERT(offsetof(jconmon_driver, write) == 32, "driver.write");
STATIC_ASSERT(offsetof(jconmon_driver, flush) == 40, "driver.flush");
STATIC_ASSERT(offsetof(jconmon_driver, reopen) == 48, "driver.reopen");
STATIC_ASSERT(offsetof(jconmon_driver, close) == 56, "driver.close");
STATIC_ASSERT(JCONMON_DRIVER_SIZE_V1 == 64, "version 1 ends after close");
#endif

STATIC_ASSERT(JCONMON_OK == 0 && JCONMON_RETRY == 1 && JCONMON_DROP == 2 && JCONMON_ERROR == 3, "status codes");
STATIC_ASSERT(JCONMON_STREAM_STDOUT == 1 && JCONMON_STREAM_STDERR == 2, "streams");

// A minimal driver, as a driver author would write it, must compile without warnings.
static jconmon_status check_open(const jconmon_host_api *host, const jconmon_container *container,
                                 const jconmon_kv *options, size_t option_count, void **ctx, char *err,
                                 size_t err_len) {
    (void)options;
    (void)option_count;
    (void)err;
    (void)err_len;
    *ctx = (void *)host;
    return JCONMON_HAS_FIELD(container, jconmon_container, label_count) ? JCONMON_OK : JCONMON_ERROR;
}

static jconmon_status check_write(void *ctx, const jconmon_record *record) {
    (void)ctx;
    return (record->flags & JCONMON_RECORD_PARTIAL) != 0u ? JCONMON_RETRY : JCONMON_OK;
}

static void check_close(void *ctx) {
    (void)ctx;
}

static const char *const check_options[] = {"path", NULL};

static const jconmon_driver check_driver = {
    JCONMON_DRIVER_ABI_VERSION, sizeof(jconmon_driver), "check", check_options,
    check_open, check_write, NULL, NULL, check_close,
};

const jconmon_driver *jconmon_driver_entry(uint32_t host_abi_version) {
    return host_abi_version >= 1u ? &check_driver : NULL;
}

int main(void) {
    jconmon_driver_entry_fn entry = jconmon_driver_entry;
    const jconmon_driver *d = entry(JCONMON_DRIVER_ABI_VERSION);
    return d != NULL && JCONMON_HAS_FIELD(d, jconmon_driver, close) ? 0 : 1;
}

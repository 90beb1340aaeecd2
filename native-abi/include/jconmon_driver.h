/*
 * jconmon_driver.h — the C ABI for jconmon log drivers written as shared libraries (.so).
 *
 * ABI version 1. This header is the whole contract; docs/C-DRIVERS.md explains how to build,
 * install and select a driver, and what running native code inside the monitor risks.
 *
 * WHAT A DRIVER IS
 *   A shared library that exports one function, jconmon_driver_entry(). The monitor (the host)
 *   dlopen()s the library (RTLD_NOW | RTLD_LOCAL), calls the entry with its own ABI version, and gets
 *   back a jconmon_driver: a name, the option names the driver accepts, and callbacks. For each
 *   container that selects the driver (`-l NAME:ARG`, `--log-opt NAME.KEY=VALUE`), the host calls
 *   open() once, then write() for every record, flush() after every batch of records, reopen() when
 *   the engine asks for it, and close() once at the end. One library holds one driver; a plugin that
 *   offers several drivers ships several libraries.
 *
 * STATUS CODES
 *   Every callback that can fail returns a jconmon_status. The set is closed: the host treats any
 *   value other than the four below as JCONMON_ERROR.
 *     JCONMON_OK     done (written, buffered, or ignored by the driver's own policy).
 *     JCONMON_RETRY  not taken now, nothing of it consumed. The host keeps the record, pauses reading
 *                    the container's output (backpressure: the container blocks on a full pipe) and
 *                    offers the same record again later. Use it for a full queue or a peer that is
 *                    temporarily slow, never for a permanent failure.
 *     JCONMON_DROP   not taken and not to be retried. The host counts the record as lost for this
 *                    driver and reports the count when the monitor exits.
 *     JCONMON_ERROR  the driver is broken. The host disables it (it gets no more records, only
 *                    close()), reports why, and goes on with the container's other drivers.
 *
 * THREADING
 *   The host calls one driver instance (one ctx) from one thread at a time, never concurrently, but
 *   not necessarily always from the same thread: a driver must not keep per-thread state (thread
 *   locals, a thread id) between calls. Calls on different ctx values of the same library may come
 *   from different threads (today one monitor serves one container, so this happens only when the
 *   same driver is selected twice). jconmon_driver_entry() may be called more than once and must
 *   return the same struct each time.
 *   write() runs on the monitor's event loop, which also serves the container's other drivers,
 *   attach clients and signals: it must not block for long. A driver that talks to something slow
 *   returns JCONMON_RETRY or queues the record for a thread of its own.
 *   A driver may start threads. They inherit the monitor's signal mask, in which SIGCHLD, SIGTERM,
 *   SIGINT, SIGQUIT and SIGUSR1 are blocked because the monitor reads them from a signalfd: a driver
 *   must never unblock them, install signal handlers, fork() without exec, close file descriptors
 *   it did not open, or call exit(). It must stop and join its threads in close().
 *   The functions of jconmon_host_api are thread-safe and may be called from any thread between
 *   the start of open() and the return of close(). Their effect reaches the monitor on the host's
 *   thread when the current callback returns (or, from another thread, when the next one returns).
 *
 * MEMORY OWNERSHIP
 *   Host-owned, read-only for the driver:
 *     - a jconmon_record and the bytes it points to: valid only during the write() call that
 *       received them. A driver that keeps data copies it.
 *     - the jconmon_host_api, the jconmon_container (with its strings and labels) and the options
 *       array (with its strings) given to open(): valid from open() until close() returns.
 *     - err buffers: err_len bytes, err[0] is '\0' on entry. The driver may write a NUL-terminated
 *       message of at most err_len bytes (truncate longer ones); the host shows it to the user.
 *   Driver-owned:
 *     - the jconmon_driver struct, its name and option names: must stay valid and unchanged for
 *       the life of the process (static storage is the simple way). The host never dlclose()s a
 *       driver library.
 *     - *ctx, set by open(): the host passes it back untouched and never frees it; close() releases
 *       it.
 *   Strings are UTF-8 and NUL-terminated, except record data, which is raw bytes with a length and
 *   no terminator.
 *
 * VERSIONING RULES
 *   1. Every struct but jconmon_kv carries struct_size in its first 8 bytes (jconmon_driver and
 *      jconmon_host_api also carry abi_version, before it). The struct's producer sets struct_size to
 *      sizeof() as its header declares it.
 *   2. Structs only ever grow at the end. Fields are never removed, reordered, retyped or given a
 *      new meaning. Each growth raises JCONMON_DRIVER_ABI_VERSION. jconmon_kv is frozen: it never
 *      grows (arrays of it have a fixed stride).
 *   3. A reader reads only the fields that fit in struct_size (JCONMON_HAS_FIELD) and treats the
 *      others as absent (zero or NULL). So a driver built against a newer header checks
 *      JCONMON_HAS_FIELD before reading a newer field of a host struct, and a newer host reads an
 *      older driver's shorter struct without harm.
 *   4. The host passes its ABI version to jconmon_driver_entry(). The driver returns a struct whose
 *      abi_version is at most that version (normally min(its own, the host's)), and must then use
 *      only what that version defines; or it returns NULL if it cannot work with that host.
 *   5. The host supports every ABI version from 1 to its own. It refuses a library whose struct has
 *      abi_version 0 or above the host's, a struct_size smaller than version 1's
 *      (JCONMON_DRIVER_SIZE_V1), a missing name, open, write or close, or a name or option name
 *      outside [A-Za-z0-9._-] (first character alphanumeric, at most 64 bytes). The error names the
 *      library's path and the reason.
 *   6. Unknown bits in flags fields must be ignored. New status codes, if ever, are returned only to
 *      hosts whose ABI version defines them.
 *
 * CRASHES
 *   A driver runs inside the monitor process. If it crashes (SIGSEGV, abort(), a stack overflow) the
 *   monitor dies with it and nothing in the host can catch that: the container keeps running
 *   without its monitor. Its output pipes lose their reader (its next write to stdout or stderr
 *   fails with EPIPE; SIGPIPE kills most programs), nothing records its exit code or runs the
 *   engine's exit command, and attach stops working. A driver that hangs in write() stalls the
 *   monitor's event loop instead: the container blocks once its pipe is full. docs/C-DRIVERS.md
 *   describes the safer alternatives (a Java driver, or a small .so that forwards records to a
 *   separate process).
 */
#ifndef JCONMON_DRIVER_H
#define JCONMON_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes. */
#define JCONMON_DRIVER_ABI_VERSION 1u

/* The name of the one symbol the host looks up. */
#define JCONMON_DRIVER_ENTRY_SYMBOL "jconmon_driver_entry"

/* jconmon_status values: a closed set; anything else counts as JCONMON_ERROR. */
typedef int32_t jconmon_status;
#define JCONMON_OK 0
#define JCONMON_RETRY 1
#define JCONMON_DROP 2
#define JCONMON_ERROR 3

/* Streams, numbered like the container's file descriptors. With a terminal all output is stdout. */
#define JCONMON_STREAM_STDOUT 1u
#define JCONMON_STREAM_STDERR 2u

/* jconmon_record.flags */
#define JCONMON_RECORD_PARTIAL 0x1u /* the line continues in a later record (no newline read yet) */

/* jconmon_container.flags */
#define JCONMON_CONTAINER_EXEC 0x1u     /* the monitor runs an exec session, not the container */
#define JCONMON_CONTAINER_TERMINAL 0x2u /* the container has a terminal: all output is stdout */

/* Levels for jconmon_host_api.log. Unknown values are logged as warnings. */
#define JCONMON_LOG_ERROR 1u
#define JCONMON_LOG_WARN 2u
#define JCONMON_LOG_INFO 3u
#define JCONMON_LOG_DEBUG 4u

/* True when the struct *ptr (of type `type`) is long enough to hold `field` (versioning rule 3). */
#define JCONMON_HAS_FIELD(ptr, type, field) \
    ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type *)0)->field))

/*
 * One piece of container output, as conmon cuts it: the host reads at most 8192 bytes at a time,
 * takes one timestamp per read, and cuts each read at newlines. A piece that ended with a newline is
 * a full line (the newline itself is not in data); the unterminated tail of a read is partial.
 * Lines are not reassembled across reads. Valid only during the write() call.
 */
typedef struct jconmon_record {
    uint32_t struct_size;  /* sizeof(jconmon_record) as the host knows it */
    uint32_t stream;       /* JCONMON_STREAM_STDOUT or JCONMON_STREAM_STDERR */
    uint32_t flags;        /* JCONMON_RECORD_PARTIAL; ignore unknown bits */
    uint32_t reserved0;    /* zero; keeps the layout explicit */
    int64_t timestamp_ns;  /* when the read holding this record happened: CLOCK_REALTIME, ns since the epoch */
    const uint8_t *data;   /* the record's bytes; NOT NUL-terminated; may be NULL when length is 0 */
    size_t length;         /* number of bytes at data (0 for an empty line) */
} jconmon_record;

/* A key and a value, both NUL-terminated UTF-8. Frozen: this struct never grows. */
typedef struct jconmon_kv {
    const char *key;
    const char *value;
} jconmon_kv;

/* What the monitor knows about its container. Valid from open() until close() returns. */
typedef struct jconmon_container {
    uint32_t struct_size;      /* sizeof(jconmon_container) as the host knows it */
    uint32_t flags;            /* JCONMON_CONTAINER_EXEC, JCONMON_CONTAINER_TERMINAL */
    const char *id;            /* the container id (--cid); never NULL */
    const char *uuid;          /* the container or exec-session UUID (--cuuid); NULL if not given */
    const char *name;          /* the container name (--name); NULL if not given */
    const char *tag;           /* the log tag (--log-tag); NULL if not given */
    const char *bundle;        /* the OCI bundle directory (--bundle); NULL if not given */
    const jconmon_kv *labels;  /* --log-label KEY=VALUE, in command-line order; NULL if none */
    size_t label_count;        /* number of entries in labels */
} jconmon_container;

/* The host's side of one open driver; opaque to the driver. */
typedef struct jconmon_host jconmon_host;

/*
 * What the host offers the driver. Given to open(); valid until close() returns. Thread-safe (see
 * THREADING); never call it after close() returned.
 */
typedef struct jconmon_host_api {
    uint32_t abi_version;  /* the host's JCONMON_DRIVER_ABI_VERSION */
    uint32_t struct_size;  /* sizeof(jconmon_host_api) as the host knows it */
    jconmon_host *host;    /* pass it back as the first argument of the functions below */
    /*
     * Writes message to the monitor's diagnostics (stderr before the monitor detaches, syslog with
     * --syslog), prefixed with the driver's name. message is NUL-terminated UTF-8 and copied; long
     * messages are truncated to 4 KiB. A flood of messages from other threads is capped (the excess
     * is counted and reported).
     */
    void (*log)(jconmon_host *host, uint32_t level, const char *message);
    /*
     * Counts output the driver lost on its own (records it took with JCONMON_OK and later could not
     * deliver). Do not count records answered with JCONMON_DROP: the host counts those itself.
     * stream is JCONMON_STREAM_STDOUT or JCONMON_STREAM_STDERR (any other value counts as stdout).
     */
    void (*count_dropped)(jconmon_host *host, uint32_t stream, uint64_t records, uint64_t bytes);
} jconmon_host_api;

/* The driver: returned by jconmon_driver_entry(); lives as long as the process (static storage). */
typedef struct jconmon_driver {
    uint32_t abi_version;  /* the ABI version this struct follows; at most the host's (rule 4) */
    uint32_t struct_size;  /* sizeof(jconmon_driver) */
    /* The name users select with -l NAME:ARG, such as "example-file". Unique among all drivers. */
    const char *name;
    /*
     * The option keys the driver accepts, NULL-terminated; NULL when it accepts none. The host
     * rejects any other key before open() is called. -l NAME:ARG passes ARG as option "path", so a
     * driver that takes a path lists "path".
     */
    const char *const *option_names;
    /*
     * Opens the driver for one container, before the container starts: a failure here stops the
     * container with err's message (so check the options and open outputs here, not on first write).
     *   host:      host services, valid until close() returns
     *   container: what is known about the container, valid until close() returns
     *   options:   option_count validated key/value pairs (keys from option_names, each at most
     *              once), valid until close() returns; NULL when option_count is 0
     *   ctx:       set *ctx to the driver's state for this container; passed to every later call
     *   err:       on failure, a NUL-terminated message of at most err_len bytes
     * Returns JCONMON_OK, or JCONMON_ERROR (anything else counts as JCONMON_ERROR). After a failure
     * the host calls nothing else for this container: release what was allocated before returning.
     */
    jconmon_status (*open)(const jconmon_host_api *host, const jconmon_container *container,
                           const jconmon_kv *options, size_t option_count, void **ctx,
                           char *err, size_t err_len);
    /* Takes one record (see STATUS CODES). Required. */
    jconmon_status (*write)(void *ctx, const jconmon_record *record);
    /*
     * Optional (NULL: nothing to flush). Pushes buffered records out; called after every batch of
     * records read in one go and before the monitor exits. JCONMON_ERROR disables the driver.
     */
    jconmon_status (*flush)(void *ctx);
    /*
     * Optional (NULL: nothing to reopen). Reopens or rotates the output (conmon's ctl message 2,
     * sent after an external tool renamed the log file). On failure returns JCONMON_ERROR with a
     * message in err; the host reports it and keeps the driver.
     */
    jconmon_status (*reopen)(void *ctx, char *err, size_t err_len);
    /* Flushes and releases everything of ctx, joins the driver's threads. Called once. Required. */
    void (*close)(void *ctx);
} jconmon_driver;

/* The smallest struct_size the host accepts: version 1's jconmon_driver, up to and with close. */
#define JCONMON_DRIVER_SIZE_V1 (offsetof(jconmon_driver, close) + sizeof(void (*)(void *)))

/* Marks the entry point as exported even when the library is built with -fvisibility=hidden. */
#if defined(__GNUC__)
#define JCONMON_DRIVER_EXPORT __attribute__((visibility("default")))
#else
#define JCONMON_DRIVER_EXPORT
#endif

/* The entry point's type, for hosts that look it up with dlsym(). */
typedef const jconmon_driver *(*jconmon_driver_entry_fn)(uint32_t host_abi_version);

/*
 * The one symbol a driver library exports. host_abi_version is the host's
 * JCONMON_DRIVER_ABI_VERSION; return the driver (rule 4), or NULL to refuse this host.
 */
JCONMON_DRIVER_EXPORT const jconmon_driver *jconmon_driver_entry(uint32_t host_abi_version);

#ifdef __cplusplus
}
#endif

#endif /* JCONMON_DRIVER_H */

// libjconmon-driver-bridge.so — runs C log drivers (native-abi/include/jconmon_driver.h) for the
// monitor, bound through JNI to io.jconmon.core.plugins.nativeabi.DriverBridge.
//
// A library of its own, loaded only when a .so driver is loaded: a container that selects no C
// driver loads nothing of this (docs/C-DRIVERS.md, docs/PERFORMANCE.md).
//
// The C side owns every struct the ABI defines: the Java side passes strings as NUL-terminated
// UTF-8 byte arrays and gets handles (addresses) back, so Java knows no struct layout.
// Records are passed without copying: the host's read buffer (a Java byte[]) is pinned for the
// duration of one write() call. While it is pinned no JNI call is allowed, so whatever the driver
// asks of the host (log, count_dropped) is queued and delivered once the call returned.

#define _GNU_SOURCE
#include "jconmon_driver.h"

#include <dlfcn.h>
#include <jni.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAME 64
#define MAX_OPTIONS 256
#define MAX_MESSAGE 4096
#define MAX_QUEUED_MESSAGES 256

// One loaded library: what load() returns to Java. Never freed (libraries are never unloaded).
struct loaded_library {
    void *dl;
    const jconmon_driver *driver;
    bool has_flush;
    bool has_reopen;
};

struct queued_message {
    struct queued_message *next;
    uint32_t level;
    char text[];
};

// One open driver: what open() returns to Java, and the ABI's opaque jconmon_host.
struct jconmon_host {
    const jconmon_driver *driver;
    bool has_flush;
    bool has_reopen;
    void *ctx;
    jobject java_driver; // global reference to the NativeLogDriver that receives host messages
    jconmon_host_api api;
    jconmon_container container;
    jconmon_kv *labels;
    jconmon_kv *options;
    char *strings; // every string above, in one block
    uint8_t *scratch; // the record's bytes during write(): a copy, so no Java array stays pinned
    size_t scratch_size;

    atomic_bool pending; // something is queued below
    _Atomic uint64_t dropped[2][2]; // [stdout, stderr][records, bytes]
    pthread_mutex_t lock;  // guards the message queue
    struct queued_message *head, *tail;
    unsigned queued;
    unsigned long lost_messages;
};

// NativeLogDriver.hostLog(int, byte[]) and .hostDropped(int, long, long), looked up once at load.
static jmethodID host_log_method;
static jmethodID host_dropped_method;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void)reserved;
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK)
        return JNI_ERR;
    jclass type = (*env)->FindClass(env, "io/jconmon/core/plugins/nativeabi/NativeLogDriver");
    if (type == NULL)
        return JNI_ERR;
    host_log_method = (*env)->GetMethodID(env, type, "hostLog", "(I[B)V");
    host_dropped_method = (*env)->GetMethodID(env, type, "hostDropped", "(IJJ)V");
    if (host_log_method == NULL || host_dropped_method == NULL)
        return JNI_ERR; // a jar and a library from different builds
    return JNI_VERSION_1_8;
}

// --- helpers ---------------------------------------------------------------------------------

static void copy_error(JNIEnv *env, jbyteArray err, const char *text) {
    jsize capacity = (*env)->GetArrayLength(env, err);
    jsize length = (jsize)strnlen(text, (size_t)capacity);
    (*env)->SetByteArrayRegion(env, err, 0, length, (const jbyte *)text);
}

static void format_error(JNIEnv *env, jbyteArray err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void format_error(JNIEnv *env, jbyteArray err, const char *fmt, ...) {
    char text[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    copy_error(env, err, text);
}

static bool valid_name(const char *name) {
    if (name == NULL || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
                          (name[0] >= '0' && name[0] <= '9')))
        return false;
    size_t n = 0;
    for (const char *p = name; *p != '\0'; p++, n++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
        if (!ok || n >= MAX_NAME)
            return false;
    }
    return true;
}

// Any status outside the closed set is an error (jconmon_driver.h, STATUS CODES).
static jint normalize(jconmon_status status) {
    return status >= JCONMON_OK && status <= JCONMON_ERROR ? status : JCONMON_ERROR;
}

static jbyteArray utf8_bytes(JNIEnv *env, const char *text) {
    jsize n = (jsize)strlen(text);
    jbyteArray array = (*env)->NewByteArray(env, n);
    if (array != NULL)
        (*env)->SetByteArrayRegion(env, array, 0, n, (const jbyte *)text);
    return array;
}

// --- the host API the driver calls (any thread) ----------------------------------------------

static void host_log(jconmon_host *host, uint32_t level, const char *message) {
    if (host == NULL || message == NULL)
        return;
    size_t length = strnlen(message, MAX_MESSAGE);
    struct queued_message *m = malloc(sizeof *m + length + 1);
    pthread_mutex_lock(&host->lock);
    if (m == NULL || host->queued >= MAX_QUEUED_MESSAGES) {
        host->lost_messages++;
        free(m);
    } else {
        m->next = NULL;
        m->level = level;
        memcpy(m->text, message, length);
        m->text[length] = '\0';
        if (host->tail != NULL)
            host->tail->next = m;
        else
            host->head = m;
        host->tail = m;
        host->queued++;
    }
    pthread_mutex_unlock(&host->lock);
    atomic_store_explicit(&host->pending, true, memory_order_release);
}

static void host_count_dropped(jconmon_host *host, uint32_t stream, uint64_t records, uint64_t bytes) {
    if (host == NULL)
        return;
    int s = stream == JCONMON_STREAM_STDERR ? 1 : 0;
    atomic_fetch_add_explicit(&host->dropped[s][0], records, memory_order_relaxed);
    atomic_fetch_add_explicit(&host->dropped[s][1], bytes, memory_order_relaxed);
    atomic_store_explicit(&host->pending, true, memory_order_release);
}

// Hands what the driver queued to the Java side, on the host's thread, outside any pinned region.
static void deliver(JNIEnv *env, jconmon_host *host) {
    if (!atomic_exchange_explicit(&host->pending, false, memory_order_acq_rel))
        return;
    for (int s = 0; s < 2; s++) {
        uint64_t records = atomic_exchange_explicit(&host->dropped[s][0], 0, memory_order_relaxed);
        uint64_t bytes = atomic_exchange_explicit(&host->dropped[s][1], 0, memory_order_relaxed);
        if (records != 0 || bytes != 0) {
            (*env)->CallVoidMethod(env, host->java_driver, host_dropped_method,
                    (jint)(s == 0 ? JCONMON_STREAM_STDOUT : JCONMON_STREAM_STDERR), (jlong)records, (jlong)bytes);
            (*env)->ExceptionClear(env);
        }
    }
    pthread_mutex_lock(&host->lock);
    struct queued_message *m = host->head;
    unsigned long lost = host->lost_messages;
    host->head = host->tail = NULL;
    host->queued = 0;
    host->lost_messages = 0;
    pthread_mutex_unlock(&host->lock);
    while (m != NULL) {
        struct queued_message *next = m->next;
        jbyteArray text = utf8_bytes(env, m->text);
        if (text != NULL) {
            (*env)->CallVoidMethod(env, host->java_driver, host_log_method, (jint)m->level, text);
            (*env)->DeleteLocalRef(env, text);
        }
        (*env)->ExceptionClear(env);
        free(m);
        m = next;
    }
    if (lost != 0) {
        char text[128];
        snprintf(text, sizeof text, "%lu more messages from the driver were lost (more than %d queued)", lost,
                MAX_QUEUED_MESSAGES);
        jbyteArray bytes = utf8_bytes(env, text);
        if (bytes != NULL) {
            (*env)->CallVoidMethod(env, host->java_driver, host_log_method, (jint)JCONMON_LOG_WARN, bytes);
            (*env)->DeleteLocalRef(env, bytes);
        }
        (*env)->ExceptionClear(env);
    }
}

// --- load ------------------------------------------------------------------------------------

// Loads the library at path (NUL-terminated), checks its driver struct, and returns a handle, or 0
// with the reason in err.
JNIEXPORT jlong JNICALL Java_io_jconmon_core_plugins_nativeabi_DriverBridge_load(JNIEnv *env, jclass cls,
        jbyteArray path, jbyteArray err) {
    (void)cls;
    jbyte *bytes = (*env)->GetByteArrayElements(env, path, NULL);
    if (bytes == NULL)
        return 0;
    // RTLD_NOW: an unresolved symbol fails here, with a message, and not in the middle of a write.
    void *dl = dlopen((const char *)bytes, RTLD_NOW | RTLD_LOCAL);
    (*env)->ReleaseByteArrayElements(env, path, bytes, JNI_ABORT);
    if (dl == NULL) {
        const char *why = dlerror();
        format_error(env, err, "cannot load it: %s", why != NULL ? why : "unknown dlopen error");
        return 0;
    }
    jconmon_driver_entry_fn entry;
    *(void **)&entry = dlsym(dl, JCONMON_DRIVER_ENTRY_SYMBOL);
    if (entry == NULL) {
        format_error(env, err, "not a jconmon log driver: it has no symbol %s", JCONMON_DRIVER_ENTRY_SYMBOL);
        return 0; // not dlclose()d: its constructors ran, unloading is not known to be safe
    }
    const jconmon_driver *d = entry(JCONMON_DRIVER_ABI_VERSION);
    if (d == NULL) {
        format_error(env, err, "the driver refused this host's ABI version %u (%s returned NULL)",
                JCONMON_DRIVER_ABI_VERSION, JCONMON_DRIVER_ENTRY_SYMBOL);
        return 0;
    }
    if (d->abi_version == 0 || d->abi_version > JCONMON_DRIVER_ABI_VERSION) {
        format_error(env, err, "ABI version mismatch: the driver says version %u, this jconmon supports 1 to %u",
                d->abi_version, JCONMON_DRIVER_ABI_VERSION);
        return 0;
    }
    if (d->struct_size < JCONMON_DRIVER_SIZE_V1) {
        format_error(env, err, "jconmon_driver.struct_size is %u, too small: ABI version 1 needs at least %zu",
                d->struct_size, (size_t)JCONMON_DRIVER_SIZE_V1);
        return 0;
    }
    if (!valid_name(d->name)) {
        format_error(env, err, "the driver's name is missing or not made of [A-Za-z0-9._-] (at most %d bytes)",
                MAX_NAME);
        return 0;
    }
    if (d->open == NULL || d->write == NULL || d->close == NULL) {
        format_error(env, err, "driver %s lacks a required callback (open, write and close are required)", d->name);
        return 0;
    }
    if (d->option_names != NULL) {
        int n = 0;
        for (; d->option_names[n] != NULL; n++) {
            if (n >= MAX_OPTIONS) {
                format_error(env, err, "driver %s declares more than %d options (is the list NULL-terminated?)",
                        d->name, MAX_OPTIONS);
                return 0;
            }
            if (!valid_name(d->option_names[n])) {
                format_error(env, err, "driver %s: option name %d is not made of [A-Za-z0-9._-] (at most %d bytes)",
                        d->name, n + 1, MAX_NAME);
                return 0;
            }
        }
    }
    struct loaded_library *lib = calloc(1, sizeof *lib);
    if (lib == NULL) {
        format_error(env, err, "out of memory");
        return 0;
    }
    lib->dl = dl;
    lib->driver = d;
    lib->has_flush = JCONMON_HAS_FIELD(d, jconmon_driver, flush) && d->flush != NULL;
    lib->has_reopen = JCONMON_HAS_FIELD(d, jconmon_driver, reopen) && d->reopen != NULL;
    return (jlong)(intptr_t)lib;
}

// The driver's name followed by its option names, as UTF-8 byte arrays.
JNIEXPORT jobjectArray JNICALL Java_io_jconmon_core_plugins_nativeabi_DriverBridge_describe(JNIEnv *env,
        jclass cls, jlong handle) {
    (void)cls;
    const jconmon_driver *d = ((struct loaded_library *)(intptr_t)handle)->driver;
    jsize options = 0;
    while (d->option_names != NULL && d->option_names[options] != NULL)
        options++;
    jclass byte_array = (*env)->FindClass(env, "[B");
    if (byte_array == NULL)
        return NULL;
    jobjectArray result = (*env)->NewObjectArray(env, options + 1, byte_array, NULL);
    if (result == NULL)
        return NULL;
    for (jsize i = 0; i <= options; i++) {
        jbyteArray text = utf8_bytes(env, i == 0 ? d->name : d->option_names[i - 1]);
        if (text == NULL)
            return NULL;
        (*env)->SetObjectArrayElement(env, result, i, text);
        (*env)->DeleteLocalRef(env, text);
    }
    return result;
}

// --- open ------------------------------------------------------------------------------------

// Total bytes of the non-null byte arrays in array.
static size_t total_length(JNIEnv *env, jobjectArray array) {
    size_t total = 0;
    jsize n = (*env)->GetArrayLength(env, array);
    for (jsize i = 0; i < n; i++) {
        jbyteArray b = (*env)->GetObjectArrayElement(env, array, i);
        if (b != NULL) {
            total += (size_t)(*env)->GetArrayLength(env, b);
            (*env)->DeleteLocalRef(env, b);
        }
    }
    return total;
}

// Copies array[i] (NUL-terminated UTF-8 from Java) to *cursor and returns it; NULL for a null entry.
static const char *take_string(JNIEnv *env, jobjectArray array, jsize i, char **cursor) {
    jbyteArray b = (*env)->GetObjectArrayElement(env, array, i);
    if (b == NULL)
        return NULL;
    jsize n = (*env)->GetArrayLength(env, b);
    char *s = *cursor;
    (*env)->GetByteArrayRegion(env, b, 0, n, (jbyte *)s);
    (*env)->DeleteLocalRef(env, b);
    *cursor += n;
    return s;
}

static void free_host(JNIEnv *env, jconmon_host *host) {
    if (host->java_driver != NULL)
        (*env)->DeleteGlobalRef(env, host->java_driver);
    struct queued_message *m = host->head;
    while (m != NULL) {
        struct queued_message *next = m->next;
        free(m);
        m = next;
    }
    pthread_mutex_destroy(&host->lock);
    free(host->labels);
    free(host->options);
    free(host->strings);
    free(host->scratch);
    free(host);
}

// Opens the library's driver for one container.
//   container: {id, uuid, name, tag, bundle} (null entries for absent values)
//   labels, options: key, value, key, value, ...
// Returns the open driver's handle, or 0 with the reason in err.
JNIEXPORT jlong JNICALL Java_io_jconmon_core_plugins_nativeabi_DriverBridge_open(JNIEnv *env, jclass cls,
        jlong library, jobject java_driver, jobjectArray container, jint container_flags, jobjectArray labels,
        jobjectArray options, jbyteArray err) {
    (void)cls;
    struct loaded_library *lib = (struct loaded_library *)(intptr_t)library;
    jconmon_host *host = calloc(1, sizeof *host);
    if (host == NULL) {
        format_error(env, err, "out of memory");
        return 0;
    }
    pthread_mutex_init(&host->lock, NULL);
    jsize label_pairs = (*env)->GetArrayLength(env, labels) / 2;
    jsize option_pairs = (*env)->GetArrayLength(env, options) / 2;
    size_t string_bytes = total_length(env, container) + total_length(env, labels) + total_length(env, options);
    host->strings = malloc(string_bytes + 1);
    host->labels = calloc((size_t)label_pairs + 1, sizeof(jconmon_kv));
    host->options = calloc((size_t)option_pairs + 1, sizeof(jconmon_kv));
    host->java_driver = (*env)->NewGlobalRef(env, java_driver);
    if (host->strings == NULL || host->labels == NULL || host->options == NULL || host->java_driver == NULL) {
        free_host(env, host);
        format_error(env, err, "out of memory");
        return 0;
    }
    char *cursor = host->strings;
    host->container.struct_size = sizeof(jconmon_container);
    host->container.flags = (uint32_t)container_flags;
    host->container.id = take_string(env, container, 0, &cursor);
    host->container.uuid = take_string(env, container, 1, &cursor);
    host->container.name = take_string(env, container, 2, &cursor);
    host->container.tag = take_string(env, container, 3, &cursor);
    host->container.bundle = take_string(env, container, 4, &cursor);
    for (jsize i = 0; i < label_pairs; i++) {
        host->labels[i].key = take_string(env, labels, 2 * i, &cursor);
        host->labels[i].value = take_string(env, labels, 2 * i + 1, &cursor);
    }
    host->container.labels = label_pairs > 0 ? host->labels : NULL;
    host->container.label_count = (size_t)label_pairs;
    for (jsize i = 0; i < option_pairs; i++) {
        host->options[i].key = take_string(env, options, 2 * i, &cursor);
        host->options[i].value = take_string(env, options, 2 * i + 1, &cursor);
    }
    host->driver = lib->driver;
    host->has_flush = lib->has_flush;
    host->has_reopen = lib->has_reopen;
    host->api.abi_version = JCONMON_DRIVER_ABI_VERSION;
    host->api.struct_size = sizeof(jconmon_host_api);
    host->api.host = host;
    host->api.log = host_log;
    host->api.count_dropped = host_count_dropped;

    char message[1024] = "";
    void *ctx = NULL;
    jconmon_status status = lib->driver->open(&host->api, &host->container, option_pairs > 0 ? host->options : NULL,
            (size_t)option_pairs, &ctx, message, sizeof message);
    message[sizeof message - 1] = '\0';
    deliver(env, host);
    if (status != JCONMON_OK) {
        copy_error(env, err, message[0] != '\0' ? message : "open failed (the driver gave no reason)");
        free_host(env, host);
        return 0;
    }
    host->ctx = ctx;
    return (jlong)(intptr_t)host;
}

// --- the hot path ----------------------------------------------------------------------------

// Gives the driver a copy of array[offset, offset + length). A copy, not a pinned array: the monitor
// runs the Serial collector, which cannot collect while an array is pinned, so a driver that blocks
// inside write() would otherwise stall every thread at the next collection. Returns a jconmon_status.
JNIEXPORT jint JNICALL Java_io_jconmon_core_plugins_nativeabi_DriverBridge_write(JNIEnv *env, jclass cls,
        jlong handle, jint stream, jint flags, jlong timestamp_ns, jbyteArray array, jint offset, jint length) {
    (void)cls;
    jconmon_host *host = (jconmon_host *)(intptr_t)handle;
    if ((size_t)length > host->scratch_size) {
        size_t size = (size_t)length < 16384 ? 16384 : (size_t)length;
        uint8_t *bigger = realloc(host->scratch, size);
        if (bigger == NULL)
            return JCONMON_ERROR;
        host->scratch = bigger;
        host->scratch_size = size;
    }
    (*env)->GetByteArrayRegion(env, array, offset, length, (jbyte *)host->scratch);
    if ((*env)->ExceptionCheck(env))
        return JCONMON_ERROR;
    jconmon_record record = {
        .struct_size = sizeof(jconmon_record),
        .stream = (uint32_t)stream,
        .flags = (uint32_t)flags,
        .reserved0 = 0,
        .timestamp_ns = timestamp_ns,
        .data = host->scratch,
        .length = (size_t)length,
    };
    jconmon_status status = host->driver->write(host->ctx, &record);
    if (atomic_load_explicit(&host->pending, memory_order_acquire))
        deliver(env, host);
    return normalize(status);
}

JNIEXPORT jint JNICALL Java_io_jconmon_core_plugins_nativeabi_DriverBridge_flush(JNIEnv *env, jclass cls,
        jlong handle) {
    (void)cls;
    jconmon_host *host = (jconmon_host *)(intptr_t)handle;
    jconmon_status status = host->has_flush ? host->driver->flush(host->ctx) : JCONMON_OK;
    deliver(env, host);
    return normalize(status);
}

// Returns a jconmon_status; on failure the driver's message is in err.
JNIEXPORT jint JNICALL Java_io_jconmon_core_plugins_nativeabi_DriverBridge_reopen(JNIEnv *env, jclass cls,
        jlong handle, jbyteArray err) {
    (void)cls;
    jconmon_host *host = (jconmon_host *)(intptr_t)handle;
    if (!host->has_reopen)
        return JCONMON_OK;
    char message[1024] = "";
    jconmon_status status = host->driver->reopen(host->ctx, message, sizeof message);
    message[sizeof message - 1] = '\0';
    deliver(env, host);
    if (status != JCONMON_OK)
        copy_error(env, err, message[0] != '\0' ? message : "reopen failed (the driver gave no reason)");
    return normalize(status);
}

// Closes the driver and frees the handle; the handle must not be used again.
JNIEXPORT void JNICALL Java_io_jconmon_core_plugins_nativeabi_DriverBridge_close(JNIEnv *env, jclass cls,
        jlong handle) {
    (void)cls;
    jconmon_host *host = (jconmon_host *)(intptr_t)handle;
    host->driver->close(host->ctx);
    deliver(env, host);
    free_host(env, host);
}

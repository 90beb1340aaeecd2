// example-file — an example jconmon log driver in C (see native-abi/include/jconmon_driver.h).
//
// Writes one line per record to the file given as `-l example-file:/path/to/file`:
//     <timestamp_ns> <stdout|stderr> <F|P> <length> <content>\n
// F is a full line, P a partial one; content is the record's raw bytes, so <length> tells where it
// ends even when it contains newlines. Records are buffered (option buffer-size, default 65536
// bytes; 0 writes every record at once) and written out on flush(). reopen() reopens the path, for
// use after an external tool renamed the file.
//
// Options: path (required), buffer-size.
// Build: gcc -O2 -fPIC -shared -I native-abi/include -o example-file.so example_file.c

#define _GNU_SOURCE
#include "jconmon_driver.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define DEFAULT_BUFFER_SIZE 65536
#define MAX_BUFFER_SIZE (64 * 1024 * 1024)

struct example_file {
    const jconmon_host_api *host;
    char *path;
    int fd;
    size_t capacity; // 0: unbuffered
    size_t used;
    uint8_t *buffer;
};

static void set_error(char *err, size_t err_len, const char *fmt, const char *arg, int errnum) {
    if (err_len == 0)
        return;
    char reason[256] = "";
    if (errnum != 0)
        snprintf(reason, sizeof reason, ": %s", strerror(errnum));
    char message[1024];
    snprintf(message, sizeof message, fmt, arg);
    snprintf(err, err_len, "%s%s", message, reason);
}

static int open_path(const char *path) {
    return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
}

// Writes all of iov; retries short writes and EINTR. Returns 0 or an errno value.
static int write_all(int fd, struct iovec *iov, int count) {
    while (count > 0) {
        ssize_t n = writev(fd, iov, count);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        while (count > 0 && (size_t)n >= iov->iov_len) {
            n -= (ssize_t)iov->iov_len;
            iov++;
            count--;
        }
        if (count > 0) {
            iov->iov_base = (char *)iov->iov_base + n;
            iov->iov_len -= (size_t)n;
        }
    }
    return 0;
}

static jconmon_status fail_write(struct example_file *f, int errnum) {
    char message[1024];
    snprintf(message, sizeof message, "cannot write to %s: %s", f->path, strerror(errnum));
    f->host->log(f->host->host, JCONMON_LOG_ERROR, message);
    return JCONMON_ERROR;
}

static jconmon_status example_flush(void *ctx) {
    struct example_file *f = ctx;
    if (f->used == 0)
        return JCONMON_OK;
    struct iovec iov = {f->buffer, f->used};
    int errnum = write_all(f->fd, &iov, 1);
    f->used = 0; // what failed to go out is lost either way; the error disables the driver
    return errnum == 0 ? JCONMON_OK : fail_write(f, errnum);
}

static jconmon_status example_write(void *ctx, const jconmon_record *record) {
    struct example_file *f = ctx;
    char header[96];
    int header_len = snprintf(header, sizeof header, "%" PRId64 " %s %c %zu ", record->timestamp_ns,
            record->stream == JCONMON_STREAM_STDERR ? "stderr" : "stdout",
            (record->flags & JCONMON_RECORD_PARTIAL) ? 'P' : 'F', record->length);
    size_t needed = (size_t)header_len + record->length + 1;
    if (f->used + needed > f->capacity) {
        jconmon_status status = example_flush(f);
        if (status != JCONMON_OK)
            return status;
    }
    if (needed > f->capacity) { // unbuffered, or bigger than the buffer: straight to the file
        struct iovec iov[3] = {{header, (size_t)header_len}, {(void *)record->data, record->length}, {"\n", 1}};
        int errnum = write_all(f->fd, iov, 3);
        return errnum == 0 ? JCONMON_OK : fail_write(f, errnum);
    }
    memcpy(f->buffer + f->used, header, (size_t)header_len);
    f->used += (size_t)header_len;
    if (record->length > 0)
        memcpy(f->buffer + f->used, record->data, record->length);
    f->used += record->length;
    f->buffer[f->used++] = '\n';
    return JCONMON_OK;
}

static jconmon_status example_reopen(void *ctx, char *err, size_t err_len) {
    struct example_file *f = ctx;
    jconmon_status status = example_flush(f);
    if (status != JCONMON_OK) {
        set_error(err, err_len, "cannot write to %s before reopening it", f->path, 0);
        return status;
    }
    int fd = open_path(f->path);
    if (fd < 0) {
        set_error(err, err_len, "cannot reopen %s", f->path, errno);
        return JCONMON_ERROR; // the old file stays in use
    }
    close(f->fd);
    f->fd = fd;
    return JCONMON_OK;
}

static void example_close(void *ctx) {
    struct example_file *f = ctx;
    example_flush(f);
    close(f->fd);
    free(f->buffer);
    free(f->path);
    free(f);
}

static jconmon_status example_open(const jconmon_host_api *host, const jconmon_container *container,
        const jconmon_kv *options, size_t option_count, void **ctx, char *err, size_t err_len) {
    (void)container;
    const char *path = NULL;
    size_t capacity = DEFAULT_BUFFER_SIZE;
    for (size_t i = 0; i < option_count; i++) {
        if (strcmp(options[i].key, "path") == 0) {
            path = options[i].value;
        } else if (strcmp(options[i].key, "buffer-size") == 0) {
            char *end;
            errno = 0;
            unsigned long long value = strtoull(options[i].value, &end, 10);
            if (errno != 0 || end == options[i].value || *end != '\0' || options[i].value[0] == '-' ||
                    value > MAX_BUFFER_SIZE) {
                set_error(err, err_len, "buffer-size must be a number of bytes from 0 to 67108864, not %s",
                        options[i].value, 0);
                return JCONMON_ERROR;
            }
            capacity = (size_t)value;
        }
    }
    if (path == NULL || path[0] == '\0') {
        set_error(err, err_len, "%s", "needs a file: -l example-file:/path/to/file", 0);
        return JCONMON_ERROR;
    }
    struct example_file *f = calloc(1, sizeof *f);
    if (f == NULL || (f->path = strdup(path)) == NULL ||
            (capacity > 0 && (f->buffer = malloc(capacity)) == NULL)) {
        if (f != NULL) {
            free(f->path);
            free(f);
        }
        set_error(err, err_len, "%s", "out of memory", 0);
        return JCONMON_ERROR;
    }
    f->fd = open_path(path);
    if (f->fd < 0) {
        set_error(err, err_len, "cannot open %s", path, errno);
        free(f->buffer);
        free(f->path);
        free(f);
        return JCONMON_ERROR;
    }
    f->host = host;
    f->capacity = capacity;
    *ctx = f;
    return JCONMON_OK;
}

static const char *const option_names[] = {"path", "buffer-size", NULL};

static const jconmon_driver driver = {
    .abi_version = JCONMON_DRIVER_ABI_VERSION,
    .struct_size = sizeof(jconmon_driver),
    .name = "example-file",
    .option_names = option_names,
    .open = example_open,
    .write = example_write,
    .flush = example_flush,
    .reopen = example_reopen,
    .close = example_close,
};

const jconmon_driver *jconmon_driver_entry(uint32_t host_abi_version) {
    // Version 1 is the first ABI: every host that calls this entry knows it.
    (void)host_abi_version;
    return &driver;
}

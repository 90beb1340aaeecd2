// A fast log generator for bench/throughput_bench.py: writes BYTES bytes of LEN-byte lines to
// stdout (or to FILE), with large write(2)s from one pre-built buffer, so that the monitor, not
// the generator, limits the rate. Every line starts with its own 12-digit number (distinct lines,
// and a reader can check order); the rest is 'x' up to the newline. The last line is cut short
// when BYTES is not a multiple of LEN.
// Built by the bench with `gcc -static -O2` into the container's rootfs (busybox has no libc).
// Usage: flood LEN BYTES [FILE]
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NUMBER_DIGITS 12
#define TARGET_WRITE (1 << 20) // bytes per write(2), rounded down to whole lines

static void die(const char *what) {
    fprintf(stderr, "flood: %s: %s\n", what, strerror(errno));
    exit(1);
}

// Adds one to a decimal ASCII number in place.
static void increment(char *digits) {
    for (int i = NUMBER_DIGITS - 1; i >= 0; i--) {
        if (digits[i] != '9') {
            digits[i]++;
            return;
        }
        digits[i] = '0';
    }
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: flood LEN BYTES [FILE]\n");
        return 2;
    }
    long len = atol(argv[1]);
    long long total = atoll(argv[2]);
    if (len < NUMBER_DIGITS + 2 || total < 0) {
        fprintf(stderr, "flood: LEN must be at least %d, BYTES not negative\n", NUMBER_DIGITS + 2);
        return 2;
    }
    int out = 1;
    if (argc == 4 && (out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
        die(argv[3]);

    long lines = TARGET_WRITE / len > 0 ? TARGET_WRITE / len : 1;
    size_t size = (size_t)(lines * len);
    char *buf = malloc(size);
    if (buf == NULL)
        die("malloc");
    memset(buf, 'x', size);
    for (long i = 0; i < lines; i++) {
        buf[i * len + NUMBER_DIGITS] = ' ';
        buf[i * len + len - 1] = '\n';
    }
    char number[NUMBER_DIGITS];
    memset(number, '0', sizeof number);

    while (total > 0) {
        for (long i = 0; i < lines; i++) { // renumber the buffer's lines
            increment(number);
            memcpy(buf + i * len, number, NUMBER_DIGITS);
        }
        size_t n = total < (long long)size ? (size_t)total : size;
        for (size_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, n - done);
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                die("write");
            }
            done += (size_t)w;
        }
        total -= (long long)n;
    }
    if (out != 1 && close(out) != 0)
        die("close");
    return 0;
}

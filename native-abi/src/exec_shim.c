// jconmon-exec — the exec shim.
//
// The JVM spawns the OCI runtime and the exit command with posix_spawn of this program, because
// a few things must happen between fork and exec that posix_spawn cannot do (prctl, a blocking
// read, closing fds by exclusion, rewriting LISTEN_PID, sleeping). See conmon-interface.md §2.6
// (runtime child) and §2.13 (exit command).
//
// Usage:
//   jconmon-exec [--stdio IN,OUT,ERR] [--parent PID] [--pdeathsig] [--oom-score-adj N] [--wait-fd FD]
//                [--keep-fds a,b,c] [--listen-pid] [--replace-listen-pid] [--delay SECONDS]
//                [--exec-fail-status N] -- PROGRAM ARG...
// The steps run in the fixed order of main(), whatever the order of the options.

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#define USAGE_STATUS 125          // bad shim usage, distinct from the program's own statuses
#define DEFAULT_EXEC_FAIL_STATUS 127
#define WAIT_READ_MAX 8192        // conmon-interface.md §2.10: one read of up to 8192 bytes
#define MAX_KEEP_FDS 4096

struct options {
    int stdio[3];                 // fds to become 0, 1, 2; -1: keep
    long parent;                  // -1: not given
    bool pdeathsig;
    bool oom_score_adj_set;
    long oom_score_adj;
    long wait_fd;                 // -1: not given
    bool keep_fds_set;
    int keep_fds[MAX_KEEP_FDS];   // sorted, unique, all >= 3
    int keep_count;
    bool listen_pid;
    bool replace_listen_pid;
    long delay;                   // seconds, 0: none
    long exec_fail_status;
    char **program_argv;          // PROGRAM ARG... (argv[0] is PROGRAM itself, §2.13)
};

static void usage_error(const char *what, const char *value) __attribute__((noreturn));
static void usage_error(const char *what, const char *value) {
    fprintf(stderr, "jconmon-exec: %s%s%s\n", what, value ? ": " : "", value ? value : "");
    fprintf(stderr, "usage: jconmon-exec [--stdio IN,OUT,ERR] [--parent PID] [--pdeathsig] [--oom-score-adj N] "
                    "[--wait-fd FD] [--keep-fds a,b,c] [--listen-pid] [--replace-listen-pid] "
                    "[--delay SECONDS] [--exec-fail-status N] -- PROGRAM ARG...\n");
    exit(USAGE_STATUS);
}

// Whole-string decimal integer in [min, max]; false on anything else.
static bool parse_long(const char *text, long min, long max, long *out) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (text[0] == '\0' || *end != '\0' || errno != 0 || value < min || value > max)
        return false;
    *out = value;
    return true;
}

static long number_option(const char *name, const char *text, long min, long max) {
    long value;
    if (text == NULL)
        usage_error("missing value for", name);
    if (!parse_long(text, min, max, &value))
        usage_error("bad value for option", name);
    return value;
}

static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

// "a,b,c" → sorted unique fds >= 3 (0, 1 and 2 are never closed anyway). "" keeps none.
static void parse_keep_fds(const char *text, struct options *o) {
    o->keep_fds_set = true;
    o->keep_count = 0;
    while (*text != '\0') {
        char item[16];
        size_t len = strcspn(text, ",");
        long fd;
        if (len == 0 || len >= sizeof item)
            usage_error("bad --keep-fds list", text);
        memcpy(item, text, len);
        item[len] = '\0';
        if (!parse_long(item, 0, INT_MAX, &fd))
            usage_error("bad fd in --keep-fds", item);
        if (fd >= 3) {
            if (o->keep_count >= MAX_KEEP_FDS)
                usage_error("too many fds in --keep-fds", NULL);
            o->keep_fds[o->keep_count++] = (int)fd;
        }
        text += len;
        if (*text == ',' && *++text == '\0')
            usage_error("bad --keep-fds list", "trailing comma");
    }
    qsort(o->keep_fds, (size_t)o->keep_count, sizeof o->keep_fds[0], compare_ints);
    int unique = 0;
    for (int i = 0; i < o->keep_count; i++)
        if (unique == 0 || o->keep_fds[unique - 1] != o->keep_fds[i])
            o->keep_fds[unique++] = o->keep_fds[i];
    o->keep_count = unique;
}

// --stdio IN,OUT,ERR: the JVM spawns the shim with posix_spawn and no file actions (one native
// binding instead of nine), so the shim wires the container's stdio itself; -1 keeps an fd.
static void parse_stdio(const char *name, const char *value, struct options *o) {
    if (value == NULL)
        usage_error("missing value for", name);
    char *end;
    const char *p = value;
    for (int k = 0; k < 3; k++) {
        errno = 0;
        long fd = strtol(p, &end, 10);
        if (errno != 0 || end == p || fd < -1 || fd > INT_MAX || *end != (k < 2 ? ',' : '\0'))
            usage_error("bad --stdio list", value);
        o->stdio[k] = (int)fd;
        p = end + 1;
    }
}

// dup2 clears close-on-exec on the target. A source that is itself 0-2 is moved out of the way
// first, so wiring "1,0,2"-style permutations cannot clobber a source before it is copied.
static void wire_stdio(const struct options *o) {
    int src[3];
    for (int k = 0; k < 3; k++) {
        src[k] = o->stdio[k];
        if (src[k] >= 0 && src[k] <= 2 && src[k] != k)
            src[k] = fcntl(src[k], F_DUPFD, 3);
    }
    for (int k = 0; k < 3; k++) {
        if (src[k] < 0)
            continue;
        if (src[k] == k) {
            int flags = fcntl(k, F_GETFD);
            if (flags >= 0)
                fcntl(k, F_SETFD, flags & ~FD_CLOEXEC);
        } else if (dup2(src[k], k) < 0) {
            fprintf(stderr, "jconmon-exec: cannot set up fd %d: %s\n", k, strerror(errno));
            exit(USAGE_STATUS);
        }
    }
}

static void parse_options(int argc, char **argv, struct options *o) {
    o->stdio[0] = o->stdio[1] = o->stdio[2] = -1;
    o->parent = -1;
    o->wait_fd = -1;
    o->exec_fail_status = DEFAULT_EXEC_FAIL_STATUS;
    bool separator = false;
    int i = 1;
    for (; i < argc && !separator; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--") == 0) {
            separator = true;
        } else if (strcmp(arg, "--stdio") == 0) {
            parse_stdio(arg, value, o);
            i++;
        } else if (strcmp(arg, "--parent") == 0) {
            o->parent = number_option(arg, value, 1, INT_MAX);
            i++;
        } else if (strcmp(arg, "--pdeathsig") == 0) {
            o->pdeathsig = true;
        } else if (strcmp(arg, "--oom-score-adj") == 0) {
            o->oom_score_adj = number_option(arg, value, -1000, 1000);
            o->oom_score_adj_set = true;
            i++;
        } else if (strcmp(arg, "--wait-fd") == 0) {
            o->wait_fd = number_option(arg, value, 0, INT_MAX);
            i++;
        } else if (strcmp(arg, "--keep-fds") == 0) {
            if (value == NULL)
                usage_error("missing value for", arg);
            parse_keep_fds(value, o);
            i++;
        } else if (strcmp(arg, "--listen-pid") == 0) {
            o->listen_pid = true;
        } else if (strcmp(arg, "--replace-listen-pid") == 0) {
            o->replace_listen_pid = true;
        } else if (strcmp(arg, "--delay") == 0) {
            o->delay = number_option(arg, value, 0, INT_MAX);
            i++;
        } else if (strcmp(arg, "--exec-fail-status") == 0) {
            o->exec_fail_status = number_option(arg, value, 0, 255);
            i++;
        } else {
            usage_error("unknown option", arg);
        }
    }
    if (!separator)
        usage_error("missing --", NULL);
    if (i >= argc || argv[i][0] == '\0')
        usage_error("missing PROGRAM after --", NULL);
    o->program_argv = argv + i;
}

// glibc refuses sigaction() on the two signals it reserves for itself (32 and 33), yet an ignored
// disposition for them survives exec like any other. The kernel call does it: an all-zero kernel
// struct sigaction is SIG_DFL, no flags, empty mask, whatever the architecture's field order.
static void reset_reserved_signal(int sig) {
    unsigned long zero[8] = {0};
    syscall(SYS_rt_sigaction, sig, zero, NULL, (size_t)(NSIG - 1) / 8);
}

// Step 1: posix_spawn hands us the JVM's signal mask and whatever it ignores; the runtime and
// the exit command must start clean (conmon-interface.md §2.6 "signal mask restored", §2.13).
static void reset_signals(void) {
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP)
            continue;
        if (signal(sig, SIG_DFL) == SIG_ERR && errno == EINVAL)
            reset_reserved_signal(sig);
    }
}

// Step 3: block until the engine writes (or closes) the fd, then close it (§2.6, §2.10).
static void wait_on_fd(int fd) {
    char buf[WAIT_READ_MAX];
    ssize_t n;
    do {
        n = read(fd, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        fprintf(stderr, "jconmon-exec: read of fd %d failed: %s\n", fd, strerror(errno));
    close(fd);
}

// Closes fds in [first, last]; false when close_range(2) is not available (Linux < 5.9).
// FORCE_PROC_FD_WALK lets test.sh exercise the fallback on a kernel that has it.
static bool close_range_fds(unsigned first, unsigned last) {
#if defined(SYS_close_range) && !defined(FORCE_PROC_FD_WALK)
    return syscall(SYS_close_range, first, last, 0) == 0;
#else
    (void)first;
    (void)last;
    return false;
#endif
}

static bool is_kept(int fd, const struct options *o) {
    return bsearch(&fd, o->keep_fds, (size_t)o->keep_count, sizeof fd, compare_ints) != NULL;
}

// Fallback for kernels without close_range (< 5.9). Closing while reading /proc/self/fd is safe:
// the kernel walks the fd table by number.
static void close_fds_by_walking(const struct options *o) {
    DIR *dir = opendir("/proc/self/fd");
    if (dir == NULL) {
        // Without it the program would inherit fds it must not see: treat like a failed exec.
        fprintf(stderr, "jconmon-exec: cannot list /proc/self/fd: %s\n", strerror(errno));
        exit((int)o->exec_fail_status);
    }
    int self = dirfd(dir);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        int fd = atoi(entry->d_name);
        if (fd >= 3 && fd != self && !is_kept(fd, o))
            close(fd);
    }
    closedir(dir);
}

// Step 4: only the fds the monitor names reach the program, at their numbers (§2.6: the
// engine's preserved fds and the stdio pipes; nothing of the JVM's own).
static void close_other_fds(const struct options *o) {
    unsigned next = 3; // lowest fd that may still need closing
    for (int i = 0; i <= o->keep_count; i++) {
        unsigned last = i < o->keep_count ? (unsigned)o->keep_fds[i] - 1 : ~0U;
        if (next <= last && !close_range_fds(next, last)) {
            close_fds_by_walking(o);
            return;
        }
        if (i < o->keep_count)
            next = (unsigned)o->keep_fds[i] + 1;
    }
}

// Step 5: a container user must be able to reopen /dev/stdout etc. (§2.6). Only pipes and
// sockets: chmod on /dev/null or a tty would change a device node shared with the whole host.
static void open_up_stdio(void) {
    for (int fd = 0; fd <= 2; fd++) {
        struct stat st;
        if (fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
            (void)fchmod(fd, 0777);
    }
}

// Step 6: socket activation (§2.6). LISTEN_PID names the process meant to use LISTEN_FDS; when it
// names our parent (the monitor), the runtime child becomes that process.
static void rewrite_listen_pid(bool always) {
    const char *value = getenv("LISTEN_PID");
    if (value == NULL)
        return;
    long pid;
    if (!parse_long(value, 1, INT_MAX, &pid)) {
        fprintf(stderr, "Invalid LISTEN_PID %s\n", value);
        exit(1);
    }
    if (always || pid == (long)getppid()) {
        char text[16];
        snprintf(text, sizeof text, "%d", (int)getpid());
        setenv("LISTEN_PID", text, 1);
    }
}

// Step 7: the monitor runs with -1000 (§2.1 step 3); its children get the engine's value back.
static void set_oom_score_adj(long value) {
    int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    char text[16];
    int len = snprintf(text, sizeof text, "%ld", value);
    if (write(fd, text, (size_t)len) < 0) {
        // ignored: lowering needs CAP_SYS_RESOURCE, which the host may lack (host-setup.md quirk 2)
    }
    close(fd);
}

int main(int argc, char **argv) {
    struct options o;
    memset(&o, 0, sizeof o);
    parse_options(argc, argv, &o);

    reset_signals();

    wire_stdio(&o);

    if (o.pdeathsig)
        prctl(PR_SET_PDEATHSIG, SIGKILL); // §2.6: the runtime dies with the monitor
    // Checked after PR_SET_PDEATHSIG so there is no window: if the parent died before, we see it.
    if (o.parent > 0 && getppid() != (pid_t)o.parent) {
        fprintf(stderr, "jconmon-exec: parent %ld has already exited\n", o.parent);
        exit(1);
    }

    if (o.wait_fd >= 0)
        wait_on_fd((int)o.wait_fd);

    if (o.keep_fds_set)
        close_other_fds(&o);

    open_up_stdio();

    if (o.listen_pid)
        rewrite_listen_pid(o.replace_listen_pid);

    if (o.oom_score_adj_set)
        set_oom_score_adj(o.oom_score_adj);

    // §2.13: --exit-delay sleeps in the exit command's child before exec.
    for (unsigned left = (unsigned)o.delay; left > 0;)
        left = sleep(left);

    execv(o.program_argv[0], o.program_argv);
    fprintf(stderr, "jconmon-exec: cannot execute %s: %s\n", o.program_argv[0], strerror(errno));
    return (int)o.exec_fail_status;
}

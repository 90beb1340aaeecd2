// jconmon — the executable Podman runs as "conmon".
//
// The monitor is a JVM, and a JVM cannot fork safely. conmon's first process (P1) must read the
// start pipe, fork the long-lived monitor (P2) and exit once the monitor is set up, because the
// engine waits for P1 and then reads the pidfile and the sync pipe (conmon-interface.md §2.1).
// This launcher plays P1: it does the pre-fork work, forks, execs the JVM in the child and waits
// on a private status pipe until the JVM says "ok" (architecture.md "The process model").
//
// Contract with the JVM (everything it gets is on its command line):
//   -Djconmon.home=<dir>            the installation directory
//   -Djconmon.statusFd=<n>          write "ok\n" then close it when ready; -1 with --sync
//   -Djconmon.inheritedFds=<a,b,..> fds >= 3 the engine passed us (sorted; may be empty)
//   -Djconmon.startPipeRead=0|1     1 when _OCI_STARTPIPE was set and its first read is done;
//                                   the fd itself stays open (§2.10 exec-attach second read)
//   SIGTERM SIGINT SIGQUIT SIGCHLD SIGUSR1 arrive blocked (read them with a signalfd).

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CONMON_VERSION
#error "build with -DCONMON_VERSION='\"x.y.z\"' (see Makefile)"
#endif
#ifndef JCONMON_VERSION
#error "build with -DJCONMON_VERSION='\"...\"' (see Makefile)"
#endif
#ifndef GIT_COMMIT
#define GIT_COMMIT "unknown"
#endif

#define MAIN_CLASS "io.jconmon.core.Main"

// Commands for people ("jconmon logs PATH"), not for engines: a first argument naming one runs
// its main class in a plain foreground JVM instead of the monitor. conmon's argv always starts
// with an option (conmon-interface.md §1.4), so a bare word can never come from Podman or CRI-O.
// The tools live in lib/tools/ (picocli among them), off the monitor's class path.
static const struct {
    const char *name;
    const char *main_class;
} TOOL_COMMANDS[] = {
    {"logs", "io.jconmon.tools.ToolsMain"},
    {"plugins", "io.jconmon.tools.ToolsMain"},
};

// Fixed upper bounds: the launcher never grows anything on the heap. Exceeding one is an error,
// never a silent truncation.
#define MAX_JVM_ARGV 8192           // total argv of the JVM, including our own and the user's
#define MAX_INHERITED_FDS 4096      // fds the engine may pass (Podman --preserve-fds etc.)
#define ARENA_SIZE (512 * 1024)     // strings we build: jvm.args lines, -D properties
#define JVM_ARGS_FILE_MAX (64 * 1024)
#define START_PIPE_READ_MAX 8192    // conmon-interface.md §2.1 step 5: one read of up to 8192 bytes

// The value-taking options of conmon's GLib option table (conmon-interface.md §1.2). GLib takes an
// option's value from the next argv element even when it begins with '-' (§1.1), so
// "--runtime-arg --sync" passes "--sync" to the runtime and must not make us synchronous.
// Keep this table in step with the JVM's CLI: only --sync detection depends on it here.
static const char *const VALUE_OPTIONS[] = {
    // long options
    "--bundle", "--cid", "--conmon-pidfile", "--container-pidfile", "--pidfile", "--cuuid",
    "--exec-process-spec", "--exit-command", "--exit-command-arg", "--exit-delay", "--exit-dir",
    "--persist-dir", "--log-level", "--log-path", "--log-size-max", "--log-global-size-max",
    "--log-tag", "--log-label", "--log-max-files", "--log-allowlist-dir", "--name", "--restore",
    "--restore-arg", "--runtime", "--runtime-arg", "--runtime-opt", "--sdnotify-socket",
    "--socket-dir-path", "--timeout", "--log-opt", "--plugins-dir",
    // short options (-0 is --persist-dir)
    "-b", "-c", "-P", "-p", "-u", "-l", "-n", "-r", "-T", "-0",
};

static char arena[ARENA_SIZE];
static size_t arena_used;

static char *jvm_argv[MAX_JVM_ARGV + 1];
static int jvm_argc;

static int inherited_fds[MAX_INHERITED_FDS];
static int inherited_count;

// All fatal messages use conmon's "[conmon:e]: " prefix and exit 1 (conmon-interface.md §1.3).
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("[conmon:e]: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        buf += n;
        len -= (size_t)n;
    }
}

// Podman runs "conmon --version" before every podman command (host-setup.md, "Pointing Podman at
// another conmon"): answer without reading any file, with one write.
static void print_version(void) {
    static const char text[] = "conmon version " CONMON_VERSION "\n"
                               "commit: jconmon " JCONMON_VERSION " (" GIT_COMMIT ")\n";
    write_all(STDOUT_FILENO, text, sizeof text - 1);
}

// Strings are built in the arena piece by piece: arena_begin(), arena_append()..., arena_end().
static size_t arena_mark;

static void arena_begin(void) {
    arena_mark = arena_used;
}

static void arena_append(const char *s, size_t len) {
    if (len > ARENA_SIZE - arena_used)
        die("argument space exhausted");
    memcpy(arena + arena_used, s, len);
    arena_used += len;
}

static char *arena_end(void) {
    arena_append("", 1); // the terminating NUL
    return arena + arena_mark;
}

static char *arena_copy(const char *s, size_t len) {
    arena_begin();
    arena_append(s, len);
    return arena_end();
}

static char *arena_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *arena_printf(const char *fmt, ...) {
    size_t room = ARENA_SIZE - arena_used;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(arena + arena_used, room, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n + 1 > room)
        die("argument space exhausted");
    char *start = arena + arena_used;
    arena_used += (size_t)n + 1;
    return start;
}

static void push_arg(char *arg) {
    if (jvm_argc >= MAX_JVM_ARGV)
        die("too many arguments");
    jvm_argv[jvm_argc++] = arg;
}

static bool takes_value(const char *arg) {
    for (size_t i = 0; i < sizeof VALUE_OPTIONS / sizeof VALUE_OPTIONS[0]; i++)
        if (strcmp(arg, VALUE_OPTIONS[i]) == 0)
            return true;
    return false;
}

// conmon-interface.md §1.1 and §2.3: is "--sync" among the options, by GLib's rules?
static bool wants_sync(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0)
            return false;
        if (strcmp(arg, "--sync") == 0)
            return true;
        // "--opt=value" carries its value inline; "--opt value" consumes the next element.
        if (strchr(arg, '=') == NULL && takes_value(arg))
            i++;
    }
    return false;
}

static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

// conmon-interface.md §2.6: fds the engine passed without close-on-exec (Podman's preserved fds,
// the sync/start pipes, port-reservation sockets) must reach the runtime at the same numbers.
// The JVM opens fds of its own, so it learns which ones were inherited from us. Must run before
// this process creates any fd.
static void list_inherited_fds(void) {
    DIR *dir = opendir("/proc/self/fd");
    if (dir == NULL)
        die("cannot list /proc/self/fd: %s", strerror(errno));
    int self = dirfd(dir);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        int fd = atoi(entry->d_name);
        if (fd <= 2 || fd == self)
            continue;
        if (inherited_count >= MAX_INHERITED_FDS)
            die("too many inherited file descriptors");
        inherited_fds[inherited_count++] = fd;
    }
    closedir(dir);
    qsort(inherited_fds, (size_t)inherited_count, sizeof inherited_fds[0], compare_ints);
}

static char *inherited_fds_property(void) {
    static const char name[] = "-Djconmon.inheritedFds=";
    arena_begin();
    arena_append(name, sizeof name - 1);
    for (int i = 0; i < inherited_count; i++) {
        char number[16];
        int n = snprintf(number, sizeof number, "%s%d", i > 0 ? "," : "", inherited_fds[i]);
        arena_append(number, (size_t)n);
    }
    return arena_end();
}

// HOME_DIR = parent of the directory holding the real executable (<home>/bin/jconmon).
static void find_home(char *home, size_t size) {
    const char *env = getenv("JCONMON_HOME");
    if (env != NULL && env[0] != '\0') {
        if (strlen(env) >= size)
            die("JCONMON_HOME too long: %s", env);
        strcpy(home, env);
        return;
    }
    char exe[PATH_MAX];
    if (realpath("/proc/self/exe", exe) == NULL)
        die("cannot resolve /proc/self/exe: %s", strerror(errno));
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (slash == NULL)
            die("cannot find the home directory of %s", exe);
        *slash = '\0';
    }
    if (exe[0] == '\0')
        strcpy(exe, "/");
    if (strlen(exe) >= size)
        die("home directory path too long: %s", exe);
    strcpy(home, exe);
}

// Copies one jvm.args line into the arena, replacing every "@HOME@" with the home directory.
static char *expand_home(const char *line, size_t len, const char *home) {
    static const char token[] = "@HOME@";
    const size_t token_len = sizeof token - 1;
    const char *end = line + len;
    arena_begin();
    while (line < end) {
        const char *hit = memmem(line, (size_t)(end - line), token, token_len);
        size_t plain = (size_t)((hit != NULL ? hit : end) - line);
        arena_append(line, plain);
        line += plain;
        if (hit != NULL) {
            arena_append(home, strlen(home));
            line += token_len;
        }
    }
    return arena_end();
}

// <home>/lib/jvm.args: the JVM's tuned flags, one argument per line, verbatim. A missing file
// means no extra flags.
static void push_jvm_args_file(const char *home) {
    static char buf[JVM_ARGS_FILE_MAX + 1];
    char *path = arena_printf("%s/lib/jvm.args", home);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return;
        die("cannot open %s: %s", path, strerror(errno));
    }
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, sizeof buf - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die("cannot read %s: %s", path, strerror(errno));
        if (n == 0)
            break;
        len += (size_t)n;
        if (len == sizeof buf)
            die("%s is larger than %d bytes", path, JVM_ARGS_FILE_MAX);
    }
    close(fd);
    for (size_t pos = 0; pos < len;) {
        char *nl = memchr(buf + pos, '\n', len - pos);
        size_t line_len = (nl ? (size_t)(nl - buf) : len) - pos;
        const char *line = buf + pos;
        pos += line_len + 1;
        if (line_len == 0 || line[0] == '#')
            continue;
        push_arg(expand_home(line, line_len, home));
    }
}

// JCONMON_JAVA_OPTIONS: extra JVM flags for debugging, split on spaces.
static void push_java_options(void) {
    const char *opts = getenv("JCONMON_JAVA_OPTIONS");
    if (opts == NULL)
        return;
    while (*opts != '\0') {
        while (*opts == ' ')
            opts++;
        size_t len = strcspn(opts, " ");
        if (len > 0)
            push_arg(arena_copy(opts, len));
        opts += len;
    }
}

// conmon-interface.md §2.1 step 5: the engine moves P1 into the right cgroup, then writes one
// byte. Block in one read; content is ignored and EOF releases too. The fd stays open: with
// --exec-attach the JVM needs it for the second read (§2.10) and closes it otherwise.
static bool wait_for_start_pipe(void) {
    const char *env = getenv("_OCI_STARTPIPE");
    if (env == NULL)
        return false;
    char *end;
    errno = 0;
    long fd = strtol(env, &end, 10);
    if (env[0] == '\0' || *end != '\0' || errno != 0 || fd < 0 || fd > INT_MAX) {
        die("unable to parse _OCI_STARTPIPE");
    }
    char buf[START_PIPE_READ_MAX];
    ssize_t n;
    do {
        n = read((int)fd, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        die("start-pipe read failed %s", strerror(errno));
    return true;
}

// The JVM reads these through a signalfd (it runs with -Xrs); a blocked mask survives execve, so
// none of them can arrive before the JVM has set up its reader (conmon-interface.md §2.2 step 11).
static void block_monitor_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGQUIT);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
}

static void exec_jvm(void) {
    block_monitor_signals();
    execv(jvm_argv[0], jvm_argv);
    fprintf(stderr, "[conmon:e]: cannot execute %s: %s\n", jvm_argv[0], strerror(errno));
}

// P1 after the fork: the JVM writes "ok\n" to the status pipe once its options are valid, the
// log files are open, the conmon pidfile is written and its stdio is on /dev/null. Until then
// its errors go to the stderr we share, exactly like C conmon's P1 (§1.3, §2.1 step 7).
static int wait_for_monitor(pid_t child, int status_fd) {
    char buf[64];
    size_t len = 0;
    while (len < sizeof buf) {
        ssize_t n = read(status_fd, buf + len, sizeof buf - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
        // The monitor is long-lived: a complete line is the answer even if it keeps the fd open.
        if (memchr(buf, '\n', len) != NULL)
            break;
    }
    if (len >= 2 && buf[0] == 'o' && buf[1] == 'k')
        return 0;

    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "[conmon:e]: waitpid failed: %s\n", strerror(errno));
            return 1;
        }
    }
    if (WIFEXITED(status)) {
        int code = WEXITSTATUS(status);
        if (code == 0)
            fprintf(stderr, "[conmon:e]: monitor exited before it was ready\n");
        return code != 0 ? code : 1;
    }
    if (WIFSIGNALED(status))
        fprintf(stderr, "[conmon:e]: monitor died from signal %d\n", WTERMSIG(status));
    return 1;
}

static const char *tool_main_class(const char *command) {
    for (size_t i = 0; i < sizeof TOOL_COMMANDS / sizeof TOOL_COMMANDS[0]; i++)
        if (strcmp(command, TOOL_COMMANDS[i].name) == 0)
            return TOOL_COMMANDS[i].main_class;
    return NULL;
}

// A tool command replaces this process with a JVM: stdio, signals, session and umask stay the
// caller's (Ctrl-C ends it, its exit status is the command's). None of the monitor's lib/jvm.args
// (its AOT cache is trained for the monitor's class path) and no status pipe.
static void exec_tool(const char *main_class, int argc, char **argv) {
    char home[PATH_MAX];
    find_home(home, sizeof home);
    const char *java = getenv("JCONMON_JAVA");
    push_arg(java != NULL && java[0] != '\0' ? arena_copy(java, strlen(java))
                                             : arena_printf("%s/runtime/bin/java", home));
    push_arg("-XX:+UseSerialGC");
    push_arg("-XX:-UsePerfData");
    push_arg("-XX:TieredStopAtLevel=1");
    push_arg("--enable-native-access=ALL-UNNAMED"); // jconmon plugins loads C drivers through JNI
    push_java_options();
    push_arg(arena_printf("-Djconmon.home=%s", home));
    push_arg("-cp");
    push_arg(arena_printf("%s/lib/jars/*:%s/lib/tools/*", home, home));
    push_arg(arena_copy(main_class, strlen(main_class)));
    for (int i = 1; i < argc; i++)
        push_arg(argv[i]);
    jvm_argv[jvm_argc] = NULL;
    execv(jvm_argv[0], jvm_argv);
    die("cannot execute %s: %s", jvm_argv[0], strerror(errno));
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        print_version();
        return 0;
    }
    const char *tool = argc >= 2 ? tool_main_class(argv[1]) : NULL;
    if (tool != NULL)
        exec_tool(tool, argc, argv);

    umask(0022); // conmon-interface.md §2.1 step 1: every file the monitor creates is subject to it
    list_inherited_fds();
    bool sync = wants_sync(argc, argv);

    char home[PATH_MAX];
    find_home(home, sizeof home);
    const char *java = getenv("JCONMON_JAVA");
    push_arg(java != NULL && java[0] != '\0' ? arena_copy(java, strlen(java))
                                             : arena_printf("%s/runtime/bin/java", home));
    push_jvm_args_file(home);
    push_java_options();
    push_arg(arena_printf("-Djconmon.home=%s", home));
    int status_fd_slot = jvm_argc;
    push_arg(NULL); // -Djconmon.statusFd, known once the pipe exists
    push_arg(inherited_fds_property());
    int start_pipe_slot = jvm_argc;
    push_arg(NULL); // -Djconmon.startPipeRead, known after the read
    push_arg(MAIN_CLASS);
    for (int i = 1; i < argc; i++)
        push_arg(argv[i]);
    jvm_argv[jvm_argc] = NULL;

    jvm_argv[start_pipe_slot] = wait_for_start_pipe() ? "-Djconmon.startPipeRead=1"
                                                      : "-Djconmon.startPipeRead=0";

    // conmon-interface.md §2.3: with --sync P1 is the monitor and its exit status is the
    // container's, so the JVM replaces this process.
    if (sync) {
        jvm_argv[status_fd_slot] = "-Djconmon.statusFd=-1";
        exec_jvm();
        return 1;
    }

    // The read end must not leak into the JVM; the write end must reach it.
    int status_pipe[2];
    if (pipe2(status_pipe, O_CLOEXEC) < 0)
        die("cannot create the status pipe: %s", strerror(errno));
    if (fcntl(status_pipe[1], F_SETFD, 0) < 0)
        die("cannot clear close-on-exec on the status pipe: %s", strerror(errno));
    jvm_argv[status_fd_slot] = arena_printf("-Djconmon.statusFd=%d", status_pipe[1]);

    fflush(NULL);
    pid_t child = fork();
    if (child < 0)
        die("cannot fork the monitor: %s", strerror(errno));
    if (child == 0) {
        // conmon-interface.md §2.1 step 7: the monitor is a new session, detached from the
        // engine's process group.
        setsid();
        exec_jvm();
        _exit(1);
    }
    close(status_pipe[1]);
    return wait_for_monitor(child, status_pipe[0]);
}

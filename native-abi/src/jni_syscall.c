// libjconmon-native.so — the monitor's whole native boundary, bound through JNI.
//
// Why JNI and not FFM downcalls: every FFM downcall handle costs the JVM ~10-20 ms to link on first
// use (its stubs are generated at run time and are not kept in the AOT cache), and that time sits
// on every container start. A JNI method is bound by a symbol lookup (microseconds). The Java side
// (io.jconmon.core.sys.Native) still allocates native memory with java.lang.foreign (no linking
// cost there); only the calls cross here. Measured in docs/PERFORMANCE.md.
//
// Every function returns the result, or -errno, so Java never reads errno after the fact.

#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

// long syscall(nr, a..f) for integer and native-pointer arguments.
JNIEXPORT jlong JNICALL Java_io_jconmon_core_sys_Native_syscall6(JNIEnv *env, jclass cls, jlong nr,
        jlong a, jlong b, jlong c, jlong d, jlong e, jlong f) {
    (void)env;
    (void)cls;
    long r = syscall((long)nr, (long)a, (long)b, (long)c, (long)d, (long)e, (long)f);
    return r == -1 ? -(jlong)errno : (jlong)r;
}

// read(2)/write(2) straight into/out of a Java byte[] (log buffers): no copy, no allocation. The
// array is pinned only for the duration of one non-blocking call.
JNIEXPORT jlong JNICALL Java_io_jconmon_core_sys_Native_syscallArray(JNIEnv *env, jclass cls, jlong nr,
        jint fd, jbyteArray array, jint offset, jint length) {
    (void)cls;
    jbyte *base = (*env)->GetPrimitiveArrayCritical(env, array, NULL);
    if (base == NULL)
        return -ENOMEM;
    long r = syscall((long)nr, (long)fd, (long)(base + offset), (long)length);
    int saved = errno;
    (*env)->ReleasePrimitiveArrayCritical(env, array, base, 0);
    return r == -1 ? -(jlong)saved : (jlong)r;
}

// posix_spawn(path, argv) with the monitor's environment; no file actions or attributes: the
// jconmon-exec shim does the rest. Returns the pid or -error.
JNIEXPORT jlong JNICALL Java_io_jconmon_core_sys_Native_spawn(JNIEnv *env, jclass cls, jlong path, jlong argv) {
    (void)env;
    (void)cls;
    pid_t pid;
    int r = posix_spawn(&pid, (const char *)(long)path, NULL, NULL, (char *const *)(long)argv, environ);
    return r != 0 ? -(jlong)r : (jlong)pid;
}

// strerror(3) as a Java string (error paths only).
JNIEXPORT jstring JNICALL Java_io_jconmon_core_sys_Native_strerror(JNIEnv *env, jclass cls, jint errnum) {
    (void)cls;
    char buf[256];
    const char *text = strerror_r(errnum, buf, sizeof buf); // GNU strerror_r returns the text
    return (*env)->NewStringUTF(env, text);
}

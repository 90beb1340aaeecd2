// Variant "jni": libcost_jni.so, the bench's copy of native-abi/src/jni_syscall.c's syscall6 —
// one JNI function, long syscall(nr, a..f), result or -errno. Built by run.sh with gcc.
#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <unistd.h>

JNIEXPORT jlong JNICALL Java_Jni_syscall6(JNIEnv *env, jclass cls, jlong nr,
        jlong a, jlong b, jlong c, jlong d, jlong e, jlong f) {
    (void)env;
    (void)cls;
    long r = syscall((long)nr, (long)a, (long)b, (long)c, (long)d, (long)e, (long)f);
    return r == -1 ? -(jlong)errno : (jlong)r;
}

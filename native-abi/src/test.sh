#!/usr/bin/env bash
# Tests for the launcher (jconmon) and the exec shim (jconmon-exec).
# Usage: test.sh [BIN_DIR]   (BIN_DIR holds the built programs; `make check` passes OUT)
# Each test runs in its own subshell, so fds and variables it sets do not leak into the next.
set -u

BIN=$(cd "${1:-../target/bin}" && pwd -P) || exit 2
SRC=$(cd "$(dirname "$0")" && pwd -P)
LAUNCHER=$BIN/jconmon
SHIM=$BIN/jconmon-exec
T=$(cd "$(mktemp -d)" && pwd -P)
trap 'rm -rf "$T"' EXIT

# Fds leaked by whoever runs us (make's jobserver, CI) would show up in inherited-fd lists.
for fd_path in /proc/$$/fd/*; do
    fd=${fd_path##*/}
    if ((fd > 2 && fd != 255)); then eval "exec $fd>&-" 2>/dev/null; fi
done

PASSED=0
FAILED=0
TEST_OK=1

fail() {
    echo "    FAIL: $*"
    TEST_OK=0
}

assert_eq() { # what expected actual
    [[ $2 == "$3" ]] || fail "$1: expected [$2], got [$3]"
}

assert_contains() { # what needle haystack
    [[ $3 == *"$2"* ]] || fail "$1: [$2] not found in [$3]"
}

assert_not_contains() { # what needle haystack
    [[ $3 != *"$2"* ]] || fail "$1: [$2] unexpectedly found in [$3]"
}

run_test() {
    echo "test: $1"
    if (TEST_OK=1; "$1"; ((TEST_OK))); then
        PASSED=$((PASSED + 1))
    else
        FAILED=$((FAILED + 1))
    fi
}

now_us() { # microseconds since the epoch
    echo $((10#${EPOCHREALTIME/./}))
}

# ---------------------------------------------------------------------------------------------
# A fake JVM: records what the launcher gave it, then acts as FAKE_MODE says.
# Files: $FAKE_OUT.argv ($0 then one argument per line), $FAKE_OUT.info (key=value lines).
cat >"$T/fake-java" <<'EOF'
#!/bin/bash
# Open fds first, before any redirection of ours; stat() opens nothing (255 is bash's script fd).
fds=
for ((n = 0; n < 255; n++)); do [[ -e /proc/$$/fd/$n ]] && fds+=${fds:+,}$n; done
printf '%s\n' "$0" "$@" >"$FAKE_OUT.argv"
status_fd=-1
for arg in "$@"; do
    case $arg in -Djconmon.statusFd=*) status_fd=${arg#*=} ;; esac
done
read -r -a stat </proc/$$/stat
{
    echo "pid=$$"
    echo "sid=${stat[5]}"
    echo "umask=$(umask)"
    echo "fds=$fds"
} >"$FAKE_OUT.info"
case ${FAKE_MODE:-ok} in
    ok) if ((status_fd >= 0)); then echo ok >&"$status_fd"; fi ;;
    linger) echo ok >&"$status_fd"; exec sleep 10 ;;
    fail) echo "conmon: option parsing failed: Unknown option --bogus" >&2; exit 3 ;;
    silent) exit 0 ;;
    killed) kill -KILL $$ ;;
    exit5) exit 5 ;;
    talk) echo "to stdout"; echo "to stderr" >&2; exit 7 ;;
esac
exit 0
EOF
# bash unblocks SIGCHLD at startup, so the signal-mask fake is a POSIX sh (dash) script.
cat >"$T/fake-java-mask" <<'EOF'
#!/bin/sh
while read -r key value; do
    [ "$key" = SigBlk: ] && echo "$value" >"$FAKE_OUT.sigblk"
done </proc/self/status
for arg in "$@"; do
    case $arg in -Djconmon.statusFd=*) fd=${arg#*=}; [ "$fd" -ge 0 ] && eval "echo ok >&$fd" ;; esac
done
exit 0
EOF
chmod +x "$T/fake-java" "$T/fake-java-mask"

# Default environment for launcher tests: a fake JVM and an empty home.
mkdir -p "$T/home/lib"
export JCONMON_HOME=$T/home JCONMON_JAVA=$T/fake-java FAKE_OUT=$T/fake
unset _OCI_STARTPIPE JCONMON_JAVA_OPTIONS LISTEN_PID

info() { # key → value from the fake's info file
    sed -n "s/^$1=//p" "$FAKE_OUT.info"
}

fake_arg() { # prefix → the fake's argument starting with it
    grep -m1 -- "^$1" "$FAKE_OUT.argv"
}

# ---------------------------------------------------------------------------------------------
# Launcher

versionPrintsConmonCompatibleLinesAndTouchesNothing() {
    local out rc
    # A missing home and java prove that --version reads nothing.
    out=$(JCONMON_HOME=/nonexistent JCONMON_JAVA=/nonexistent "$LAUNCHER" --version 2>"$T/err")
    rc=$?
    assert_eq "exit status" 0 "$rc"
    assert_eq "line 1" "conmon version 2.2.1" "$(sed -n 1p <<<"$out")"
    local commit_line='^commit: jconmon [^ ]+ \(([0-9a-f]{12}|unknown)\)$'
    [[ $(sed -n 2p <<<"$out") =~ $commit_line ]] ||
        fail "line 2: got [$(sed -n 2p <<<"$out")]"
    assert_eq "line count" 2 "$(wc -l <<<"$out")"
    assert_eq "stderr" "" "$(cat "$T/err")"
    [[ ! -e $FAKE_OUT.argv ]] || fail "the JVM was started"
}

versionIsFast() {
    local i start times=() sorted
    for i in $(seq 20); do
        start=$(now_us)
        "$LAUNCHER" --version >/dev/null
        times+=($(($(now_us) - start)))
    done
    mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
    local median2=$((sorted[9] + sorted[10])) # twice the median, in microseconds
    printf '    --version median of 20 runs: %d.%03d ms (includes fork+exec by bash)\n' \
        $((median2 / 2000)) $((median2 / 2 % 1000))
}

versionWithMoreArgumentsGoesToTheJvm() {
    "$LAUNCHER" --version extra >/dev/null 2>&1
    assert_eq "exit status" 0 "$?"
    assert_eq "user args" $'io.jconmon.core.Main\n--version\nextra' "$(tail -n 3 "$FAKE_OUT.argv")"
}

jvmCommandLineFollowsTheContract() {
    cat >"$T/home/lib/jvm.args" <<'EOF'
# comment lines and empty lines are skipped

-XX:SharedArchiveFile=@HOME@/lib/jconmon.aot
-Dtwice=@HOME@:@HOME@
-Dspaces=a b  c
EOF
    local rc
    JCONMON_JAVA_OPTIONS=" -Xa  -Xb " "$LAUNCHER" -c id --runtime-arg --log-format=json "a b" "" -l x \
        >"$T/out" 2>&1
    rc=$?
    rm "$T/home/lib/jvm.args"
    assert_eq "exit status" 0 "$rc"
    assert_eq "launcher output" "" "$(cat "$T/out")"
    local status_arg status_fd
    status_arg=$(fake_arg -Djconmon.statusFd=)
    status_fd=${status_arg#*=}
    [[ $status_fd =~ ^[0-9]+$ ]] && ((status_fd >= 3)) || fail "status fd: [$status_arg]"
    local expected
    expected=$(printf '%s\n' "$T/fake-java" \
        "-XX:SharedArchiveFile=$T/home/lib/jconmon.aot" "-Dtwice=$T/home:$T/home" "-Dspaces=a b  c" \
        -Xa -Xb "-Djconmon.home=$T/home" "$status_arg" -Djconmon.inheritedFds= \
        -Djconmon.startPipeRead=0 io.jconmon.core.Main \
        -c id --runtime-arg --log-format=json "a b" "" -l x)
    assert_eq "argv" "$expected" "$(cat "$FAKE_OUT.argv")"
    # The JVM holds 0,1,2 and the status pipe's write end; the read end must not leak.
    assert_eq "fds in the JVM" "0,1,2,$status_fd" "$(info fds)"
    assert_eq "new session" "$(info pid)" "$(info sid)"
}

homeIsTheParentOfTheRealExecutableDirectory() {
    mkdir -p "$T/inst/bin" "$T/inst/lib" "$T/inst/runtime/bin"
    cp "$LAUNCHER" "$T/inst/bin/jconmon"
    cp "$T/fake-java" "$T/inst/runtime/bin/java"
    echo "-Dhome=@HOME@" >"$T/inst/lib/jvm.args"
    ln -s "$T/inst/bin/jconmon" "$T/link-to-jconmon"
    (unset JCONMON_HOME JCONMON_JAVA; "$T/link-to-jconmon" -c id >/dev/null 2>&1)
    assert_eq "exit status" 0 "$?"
    assert_eq "java" "$T/inst/runtime/bin/java" "$(sed -n 1p "$FAKE_OUT.argv")"
    assert_eq "jvm.args" "-Dhome=$T/inst" "$(sed -n 2p "$FAKE_OUT.argv")"
    assert_eq "home property" "-Djconmon.home=$T/inst" "$(fake_arg -Djconmon.home=)"
}

umaskIs0022() {
    (umask 077; "$LAUNCHER" -c id >/dev/null 2>&1)
    assert_eq "umask in the JVM" 0022 "$(info umask)"
}

syncIsDetectedWithGlibRules() {
    local line args expected got
    while IFS='|' read -r expected args; do
        rm -f "$FAKE_OUT.argv"
        eval "\"\$LAUNCHER\" $args" >/dev/null 2>&1
        got=$(fake_arg -Djconmon.statusFd=)
        if [[ $got == -Djconmon.statusFd=-1 ]]; then got=sync; else got=daemon; fi
        assert_eq "[$args]" "$expected" "$got"
    done <<'EOF'
sync|--sync
sync|--api-version 1 --sync
sync|-c id --terminal --sync
sync|--exit-command-arg=x --sync
daemon|-c id
daemon|--runtime-arg --sync
daemon|--exit-command-arg=--sync
daemon|--exit-command-arg --sync
daemon|-r --sync
daemon|-0 --sync
daemon|--log-opt --sync
daemon|-- --sync
daemon|-c id --runtime-arg
EOF
}

syncExecsTheJvmInPlace() {
    FAKE_MODE=exit5 "$LAUNCHER" --sync -c id >/dev/null 2>&1 &
    local pid=$!
    wait $pid
    assert_eq "exit status is the JVM's" 5 "$?"
    assert_eq "same process" "$pid" "$(info pid)"
    assert_eq "fds in the JVM (no status pipe)" "0,1,2" "$(info fds)"
}

startPipeBlocksUntilWritten() {
    mkfifo "$T/start"
    exec 7<>"$T/start"
    _OCI_STARTPIPE=7 "$LAUNCHER" -c id >"$T/out" 2>&1 &
    local pid=$!
    sleep 0.3
    kill -0 $pid 2>/dev/null || fail "launcher did not wait for the start pipe"
    [[ ! -e $FAKE_OUT.argv ]] || fail "JVM started before the start pipe was written"
    printf '\0' >&7
    wait $pid
    assert_eq "exit status" 0 "$?"
    assert_eq "start pipe property" -Djconmon.startPipeRead=1 "$(fake_arg -Djconmon.startPipeRead=)"
    assert_eq "inherited fds" -Djconmon.inheritedFds=7 "$(fake_arg -Djconmon.inheritedFds=)"
    assert_contains "start pipe still open in the JVM" ",7," "$(info fds),"
    # The one byte was consumed by the launcher, not left for the JVM.
    read -r -t 0 -u 7 && fail "the start byte is still in the pipe"
}

startPipeEofReleasesToo() {
    _OCI_STARTPIPE=0 "$LAUNCHER" -c id </dev/null >/dev/null 2>&1
    assert_eq "exit status" 0 "$?"
    assert_eq "start pipe property" -Djconmon.startPipeRead=1 "$(fake_arg -Djconmon.startPipeRead=)"
}

badStartPipeIsRejected() {
    local value rc
    for value in abc "" 7x -1 99999999999; do
        _OCI_STARTPIPE=$value "$LAUNCHER" -c id >/dev/null 2>"$T/err"
        rc=$?
        assert_eq "[$value] exit status" 1 "$rc"
        assert_eq "[$value] message" "[conmon:e]: unable to parse _OCI_STARTPIPE" "$(cat "$T/err")"
    done
    [[ ! -e $FAKE_OUT.argv ]] || fail "the JVM was started"
}

inheritedFdsAreListedSorted() {
    "$LAUNCHER" -c id 9</dev/null 10</dev/null 100>"$T/x" 4</dev/null >/dev/null 2>&1
    assert_eq "exit status" 0 "$?"
    assert_eq "property" -Djconmon.inheritedFds=4,9,10,100 "$(fake_arg -Djconmon.inheritedFds=)"
    local status_fd
    status_fd=$(fake_arg -Djconmon.statusFd=)
    assert_eq "open in the JVM" "$(printf '%s\n' 0 1 2 4 9 10 100 "${status_fd#*=}" | sort -n | paste -sd, -)" \
        "$(info fds)"
}

launcherReturnsOnOkWithoutWaitingForTheMonitor() {
    local start elapsed rc
    start=$(now_us)
    FAKE_MODE=linger "$LAUNCHER" -c id >/dev/null 2>&1
    rc=$?
    elapsed=$(($(now_us) - start))
    assert_eq "exit status" 0 "$rc"
    ((elapsed < 2000000)) || fail "launcher took $((elapsed / 1000)) ms"
    local monitor
    monitor=$(info pid)
    kill -0 "$monitor" 2>/dev/null || fail "the monitor is not running"
    kill "$monitor" 2>/dev/null
}

jvmErrorExitStatusAndStderrPassThrough() {
    local rc
    FAKE_MODE=fail "$LAUNCHER" -c id --bogus >/dev/null 2>"$T/err"
    rc=$?
    assert_eq "exit status" 3 "$rc"
    assert_eq "stderr" "conmon: option parsing failed: Unknown option --bogus" "$(cat "$T/err")"
}

jvmExitingZeroBeforeReadyIsAnError() {
    FAKE_MODE=silent "$LAUNCHER" -c id >/dev/null 2>"$T/err"
    assert_eq "exit status" 1 "$?"
    assert_eq "stderr" "[conmon:e]: monitor exited before it was ready" "$(cat "$T/err")"
}

jvmKilledBySignalIsReported() {
    FAKE_MODE=killed "$LAUNCHER" -c id >/dev/null 2>"$T/err"
    assert_eq "exit status" 1 "$?"
    assert_eq "stderr" "[conmon:e]: monitor died from signal 9" "$(cat "$T/err")"
}

missingJavaIsReported() {
    local mode rc
    for mode in "" --sync; do
        JCONMON_JAVA=$T/no-java "$LAUNCHER" -c id $mode >/dev/null 2>"$T/err"
        rc=$?
        assert_eq "[$mode] exit status" 1 "$rc"
        assert_eq "[$mode] stderr" "[conmon:e]: cannot execute $T/no-java: No such file or directory" \
            "$(cat "$T/err")"
    done
}

monitorSignalsArriveBlocked() {
    local mode mask sig
    for mode in "" --sync; do
        rm -f "$FAKE_OUT.sigblk"
        JCONMON_JAVA=$T/fake-java-mask "$LAUNCHER" -c id $mode >/dev/null 2>&1
        assert_eq "[$mode] exit status" 0 "$?"
        mask=$((16#$(cat "$FAKE_OUT.sigblk")))
        for sig in TERM INT QUIT CHLD USR1; do
            (((mask >> ($(kill -l $sig) - 1)) & 1)) || fail "[$mode] SIG$sig is not blocked"
        done
    done
}

# ---------------------------------------------------------------------------------------------
# Exec shim

# Prints which of the probed fds are open in the exec'd program.
FD_PROBE='for n in 3 4 5 6 7 8 9 10 100; do [ -e /proc/$$/fd/$n ] && printf "%s " $n; done; true'

keepFdsClosesEverythingElse() {
    local shim=$1
    # 3 and 6 sit right at the edges of the ranges that must be closed.
    exec 3</dev/null 4</dev/null 5</dev/null 6</dev/null 8</dev/null 9</dev/null 100</dev/null
    assert_eq "no --keep-fds" "3 4 5 6 8 9 100 " "$("$shim" -- /bin/bash -c "$FD_PROBE")"
    assert_eq "--keep-fds 5,100" "5 100 " "$("$shim" --keep-fds 5,100 -- /bin/bash -c "$FD_PROBE")"
    assert_eq "--keep-fds 9,4,9,1,6" "4 6 9 " "$("$shim" --keep-fds 9,4,9,1,6 -- /bin/bash -c "$FD_PROBE")"
    assert_eq "--keep-fds ''" "" "$("$shim" --keep-fds '' -- /bin/bash -c "$FD_PROBE")"
    assert_eq "stdio kept" "ok" "$("$shim" --keep-fds '' -- /bin/echo ok)"
}

keepFdsClosesEverythingElseWithCloseRange() {
    keepFdsClosesEverythingElse "$SHIM"
}

keepFdsClosesEverythingElseByWalkingProc() {
    gcc -O2 -Wall -Wextra -Werror -std=gnu11 -DFORCE_PROC_FD_WALK -o "$T/shim-walk" "$SRC/exec_shim.c" ||
        { fail "cannot build the fallback variant"; return; }
    keepFdsClosesEverythingElse "$T/shim-walk"
}

stdioWiresGivenFdsToZeroOneTwo() {
    exec 7>"$T/out7" 8>"$T/out8" 9<<<"from nine"
    "$SHIM" --stdio 9,7,8 --keep-fds '' -- /bin/bash -c 'read -r line; echo "got $line"; echo err >&2; '"$FD_PROBE" \
        </dev/null >"$T/out1" 2>"$T/out2"
    assert_eq "stdout went to fd 7" "got from nine" "$(head -1 "$T/out7")"
    assert_eq "stderr went to fd 8" "err" "$(cat "$T/out8")"
    assert_eq "own stdout untouched" "" "$(cat "$T/out1")"
    assert_not_contains "source fds closed by --keep-fds" "7" "$(tail -1 "$T/out7")"
    assert_eq "-1 keeps an fd" "kept" "$("$SHIM" --stdio -1,-1,-1 -- /bin/echo kept)"
    "$SHIM" --stdio 1,2 -- /bin/true 2>/dev/null
    assert_eq "short --stdio list is bad usage" 125 "$?"
}

waitFdBlocksUntilWrittenThenIsClosed() {
    mkfifo "$T/wait"
    exec 7<>"$T/wait"
    "$SHIM" --wait-fd 7 -- /bin/bash -c "touch '$T/ran'; $FD_PROBE" >"$T/out" &
    local pid=$!
    sleep 0.3
    [[ ! -e $T/ran ]] || fail "program ran before the fd was written"
    printf x >&7
    wait $pid
    assert_eq "exit status" 0 "$?"
    [[ -e $T/ran ]] || fail "program did not run"
    assert_not_contains "fd 7 closed before exec" "7" "$(cat "$T/out")"
}

# Runs the shim as a child of a known parent: prints "<parent> <LISTEN_PID seen> <program pid>".
listen_pid_run() { # LISTEN_PID value (or "-" for unset), shim options...
    local value=$1
    shift
    bash -c '
        parent=$$
        if [ "$1" = PARENT ]; then export LISTEN_PID=$parent
        elif [ "$1" != - ]; then export LISTEN_PID=$1; fi
        shift
        printf "%s " $parent
        "$@" -- /bin/bash -c "echo \"\${LISTEN_PID-unset} \$\$\""
        exit $?' _ "$value" "$SHIM" "$@"
}

listenPidIsRewrittenForTheParentsChild() {
    local parent seen pid
    read -r parent seen pid <<<"$(listen_pid_run PARENT --listen-pid)"
    assert_eq "LISTEN_PID = parent → own pid" "$pid" "$seen"
    read -r parent seen pid <<<"$(listen_pid_run 1 --listen-pid)"
    assert_eq "LISTEN_PID of someone else is kept" 1 "$seen"
    read -r parent seen pid <<<"$(listen_pid_run 1 --listen-pid --replace-listen-pid)"
    assert_eq "--replace-listen-pid" "$pid" "$seen"
    read -r parent seen pid <<<"$(listen_pid_run - --listen-pid --replace-listen-pid)"
    assert_eq "unset stays unset" unset "$seen"
    read -r parent seen pid <<<"$(listen_pid_run abc)"
    assert_eq "without --listen-pid nothing is checked" abc "$seen"
}

invalidListenPidIsRejected() {
    local value rc
    for value in abc 0 -3 "" 12x; do
        LISTEN_PID=$value "$SHIM" --listen-pid -- /bin/true 2>"$T/err"
        rc=$?
        assert_eq "[$value] exit status" 1 "$rc"
        assert_eq "[$value] message" "Invalid LISTEN_PID $value" "$(cat "$T/err")"
    done
}

execFailureUsesExecFailStatus() {
    local rc
    "$SHIM" -- "$T/missing" 2>"$T/err"
    rc=$?
    assert_eq "default status" 127 "$rc"
    assert_eq "message" "jconmon-exec: cannot execute $T/missing: No such file or directory" "$(cat "$T/err")"
    "$SHIM" --exec-fail-status 1 -- "$T/missing" 2>/dev/null
    assert_eq "--exec-fail-status 1" 1 "$?"
}

programGetsItsOwnNameAsArgv0() {
    assert_eq "argv" "/bin/cat|/proc/self/cmdline|" "$("$SHIM" -- /bin/cat /proc/self/cmdline | tr '\0' '|')"
}

delaySleepsBeforeExec() {
    local start elapsed
    start=$(now_us)
    "$SHIM" --delay 1 -- /bin/true
    elapsed=$(($(now_us) - start))
    ((elapsed >= 1000000)) || fail "--delay 1 took only $((elapsed / 1000)) ms"
}

stdioIsOpenedUpOnlyForPipesAndSockets() {
    mkfifo -m 600 "$T/fifo"
    exec 7<>"$T/fifo"
    : >"$T/regular"
    chmod 644 "$T/regular"
    local devnull_before
    devnull_before=$(stat -c %a /dev/null)
    "$SHIM" -- /bin/true <&7 >"$T/regular" 2>/dev/null
    assert_eq "named fifo on stdin" 777 "$(stat -c %a "$T/fifo")"
    assert_eq "regular file on stdout" 644 "$(stat -c %a "$T/regular")"
    assert_eq "/dev/null on stderr" "$devnull_before" "$(stat -c %a /dev/null)"
    assert_eq "anonymous pipe without the shim" 600 "$(echo | stat -L -c %a /proc/self/fd/0)"
    assert_eq "anonymous pipe" 777 "$(echo | "$SHIM" -- /usr/bin/stat -L -c %a /proc/self/fd/0)"
    assert_eq "socket" 777 "$(python3 -c '
import socket, subprocess, sys
a, b = socket.socketpair()
subprocess.run([sys.argv[1], "--", "/usr/bin/stat", "-L", "-c", "%a", "/proc/self/fd/0"], stdin=a)
' "$SHIM")"
}

signalsAreReset() {
    local out
    out=$(python3 -c '
import os, signal, sys
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGUSR2, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGINT, signal.SIGCHLD, signal.SIGTERM])
os.execv(sys.argv[1], sys.argv[1:])
' "$SHIM" -- /bin/grep -E '^Sig(Blk|Ign)' /proc/self/status)
    assert_eq "mask and ignored" $'SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000' "$out"
}

pdeathsigAndParentCheck() {
    local out
    out=$("$SHIM" --pdeathsig -- /usr/bin/python3 -c '
import ctypes
libc = ctypes.CDLL(None)
sig = ctypes.c_int()
libc.prctl(2, ctypes.byref(sig))  # PR_GET_PDEATHSIG
print(sig.value)')
    assert_eq "PR_GET_PDEATHSIG" 9 "$out"
    "$SHIM" --parent 1 --pdeathsig -- /bin/true 2>/dev/null
    assert_eq "parent already gone" 1 "$?"
    bash -c '"$0" --parent $$ --pdeathsig -- /bin/true; exit $?' "$SHIM"
    assert_eq "parent alive" 0 "$?"
}

oomScoreAdjIsWritten() {
    assert_eq "oom_score_adj" 500 "$("$SHIM" --oom-score-adj 500 -- /bin/cat /proc/self/oom_score_adj)"
}

badUsageExits125() {
    local args
    for args in "/bin/true" "--" "--bogus -- /bin/true" "--delay x -- /bin/true" "--delay" \
        "--keep-fds 3,,4 -- /bin/true" "--keep-fds 3, -- /bin/true" "--exec-fail-status 256 -- /bin/true"; do
        # shellcheck disable=SC2086
        "$SHIM" $args 2>"$T/err"
        assert_eq "[$args] exit status" 125 "$?"
        assert_contains "[$args] message" "jconmon-exec: " "$(cat "$T/err")"
    done
}

# ---------------------------------------------------------------------------------------------
# Tool commands (jconmon logs ...): a foreground JVM with the tools on the class path

toolCommandsExecToolsMainInTheForeground() {
    echo "-Dmonitor-only-flag" >"$T/home/lib/jvm.args"
    local cmd pid sid
    for cmd in logs plugins; do
        rm -f "$FAKE_OUT".*
        (umask 077; exec "$LAUNCHER" "$cmd" --tail 3 "a b" "") >"$T/out" 2>&1 &
        pid=$!
        wait "$pid"
        assert_eq "$cmd: exit status" 0 "$?"
        assert_eq "$cmd: launcher output" "" "$(cat "$T/out")"
        local expected
        expected=$(printf '%s\n' "$T/fake-java" -XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
            "-Djconmon.home=$T/home" -cp "$T/home/lib/jars/*:$T/home/lib/tools/*" io.jconmon.tools.ToolsMain \
            "$cmd" --tail 3 "a b" "")
        assert_eq "$cmd: argv (no jvm.args, no status pipe, no AOT cache)" "$expected" "$(cat "$FAKE_OUT.argv")"
        # exec in place: same process, same session, the caller's umask, no fds of ours.
        assert_eq "$cmd: same process" "$pid" "$(info pid)"
        read -r -a stat </proc/$$/stat
        assert_eq "$cmd: same session" "${stat[5]}" "$(info sid)"
        assert_eq "$cmd: caller's umask" 0077 "$(info umask)"
        assert_eq "$cmd: fds" "0,1,2" "$(info fds)"
    done
    rm "$T/home/lib/jvm.args"
}

toolCommandStdioAndExitStatusAreTheJvms() {
    local out err rc
    out=$(FAKE_MODE=talk JCONMON_JAVA_OPTIONS="-Xmx1g" "$LAUNCHER" logs x 2>"$T/err")
    rc=$?
    assert_eq "exit status" 7 "$rc"
    assert_eq "stdout" "to stdout" "$out"
    assert_eq "stderr" "to stderr" "$(cat "$T/err")"
    assert_contains "JCONMON_JAVA_OPTIONS" $'\n-Xmx1g\n' "$(cat "$FAKE_OUT.argv")"
}

onlyAFirstArgumentNamesATool() {
    # Engines always start with an option; "logs" anywhere else is an option's value.
    "$LAUNCHER" -l logs --cid logs >/dev/null 2>&1
    assert_eq "exit status" 0 "$?"
    assert_contains "monitor main class" $'io.jconmon.core.Main\n-l\nlogs' "$(cat "$FAKE_OUT.argv")"
    rm -f "$FAKE_OUT".*
    "$LAUNCHER" Logs >/dev/null 2>&1
    assert_contains "names are exact" "io.jconmon.core.Main" "$(cat "$FAKE_OUT.argv")"
}

toolCommandWithMissingJavaIsReported() {
    local err
    err=$(JCONMON_JAVA=$T/nonexistent "$LAUNCHER" logs x 2>&1)
    assert_eq "exit status" 1 "$?"
    assert_contains "message" "cannot execute $T/nonexistent" "$err"
}

# ---------------------------------------------------------------------------------------------
for t in \
    versionPrintsConmonCompatibleLinesAndTouchesNothing versionIsFast \
    versionWithMoreArgumentsGoesToTheJvm jvmCommandLineFollowsTheContract \
    homeIsTheParentOfTheRealExecutableDirectory umaskIs0022 syncIsDetectedWithGlibRules \
    syncExecsTheJvmInPlace startPipeBlocksUntilWritten startPipeEofReleasesToo \
    badStartPipeIsRejected inheritedFdsAreListedSorted launcherReturnsOnOkWithoutWaitingForTheMonitor \
    jvmErrorExitStatusAndStderrPassThrough jvmExitingZeroBeforeReadyIsAnError \
    jvmKilledBySignalIsReported missingJavaIsReported monitorSignalsArriveBlocked \
    keepFdsClosesEverythingElseWithCloseRange keepFdsClosesEverythingElseByWalkingProc \
    stdioWiresGivenFdsToZeroOneTwo waitFdBlocksUntilWrittenThenIsClosed listenPidIsRewrittenForTheParentsChild \
    invalidListenPidIsRejected execFailureUsesExecFailStatus programGetsItsOwnNameAsArgv0 \
    delaySleepsBeforeExec stdioIsOpenedUpOnlyForPipesAndSockets signalsAreReset \
    pdeathsigAndParentCheck oomScoreAdjIsWritten badUsageExits125 \
    toolCommandsExecToolsMainInTheForeground toolCommandStdioAndExitStatusAreTheJvms \
    onlyAFirstArgumentNamesATool toolCommandWithMissingJavaIsReported; do
    rm -f "$FAKE_OUT".* "$T/start" "$T/wait" "$T/fifo" "$T/ran"
    run_test "$t"
done

echo "$PASSED passed, $FAILED failed"
((FAILED == 0))

#!/usr/bin/env python3
"""Log throughput of jconmon against the C conmon through the k8s-file driver (issue: logging pipeline).

A busybox container writes N MB (10^6 bytes) of
  (a) 100-byte lines   (`yes <99 chars> | head -c BYTES`),
  (b) 16 KiB lines     (`yes <16383 chars> | head -c BYTES`),
to its stdout, which the monitor copies into a k8s-file log. Time is measured from `runc start` to the
monitor's exit file appearing (the monitor writes it after draining the container's output).
The log is then checked: the reassembled content bytes of its F/P records (content, plus 1 for the
newline an F record stands for) must equal BYTES.
The ceiling is the same container command with its stdout redirected inside the container to a file on
the rootfs (`sh -c '... > /tmp/out'`), run with runc directly and no monitor (this process is a child
subreaper and waits for the container's init), timed from `runc start` to the init's exit.
Runs alternate between the three; the median of --runs runs each is reported.
Needs root, runc, busybox (scripts/setup-host.sh) and a built image (dist/target/jconmon).
Usage: sudo bench/throughput_bench.py [--mb 500] [--runs 3] [--runtime /usr/bin/runc]
"""
import argparse, ctypes, os, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from monitor_bench import MONITORS, Run, make_bundle  # noqa: E402

KINDS = (("100-byte lines", 100), ("16 KiB lines", 16384))
CEILING = "ceiling (no monitor, stdout to a file)"


def gen_command(line_len, nbytes, to_file=False):
    # `yes S` prints S plus a newline: lines of exactly line_len bytes.
    cmd = "yes %s | head -c %d" % ("x" * (line_len - 1), nbytes)
    if to_file:
        cmd += " > /tmp/out"
    return ["/bin/sh", "-c", cmd]


def log_content_bytes(path):
    """Sum of the content bytes of the k8s-file records, plus one per F (full line) record."""
    total = 0
    with open(path, "rb", buffering=1 << 20) as f:
        for line in f:
            # "<timestamp> <stream> <F|P> <content>\n"
            parts = line.split(b" ", 3)
            if len(parts) < 4:
                if len(parts) == 3 and parts[2].rstrip(b"\n") in (b"F", b"P"):  # empty content
                    total += 1 if parts[2].startswith(b"F") else 0
                    continue
                raise ValueError("bad log line: %r" % line[:120])
            total += len(parts[3]) - 1  # minus the record's newline
            if parts[2] == b"F":
                total += 1
    return total


def pid_alive(pid):
    try:  # the daemonized monitor is reparented to us (child subreaper): reap it
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def run_monitor(binary, runtime, bundle, nbytes):
    """Returns seconds from `runc start` to the exit file; checks the log's byte count."""
    r = Run(binary, runtime, bundle)
    try:
        time.sleep(0.05)
        os.write(r.start_fd, b"\0")
        line = b""
        while not line.endswith(b"\n"):
            line += os.read(r.sync_fd, 4096)
        r.p1.wait(timeout=30)
        if b'"data": -1' in line:
            raise RuntimeError("container failed: %r %r" % (line, r.p1.stderr.read()))
        exit_file = os.path.join(r.work, "exits", r.id)
        t0 = time.perf_counter()
        subprocess.run([runtime, "start", r.id], check=True)
        while not os.path.exists(exit_file):
            time.sleep(0.001)
        secs = time.perf_counter() - t0
        mon = r.monitor_pid()
        deadline = time.time() + 30
        while pid_alive(mon) and time.time() < deadline:  # let it finish any write before counting
            time.sleep(0.01)
        with open(exit_file) as f:
            status = f.read().strip()
        if status != "0":
            raise RuntimeError("container exit status %r" % status)
        got = log_content_bytes(os.path.join(r.work, "ctr.log"))
        if got != nbytes:
            raise RuntimeError("%s: log holds %d content bytes, container wrote %d" % (binary, got, nbytes))
        return secs
    finally:
        r.close()


def run_ceiling(runtime, bundle, nbytes):
    out = os.path.join(bundle, "rootfs/tmp/out")
    if os.path.exists(out):
        os.unlink(out)
    cid = "tput%d" % time.time_ns()
    pidfile = os.path.join(bundle, "ceiling.pid")
    subprocess.run([runtime, "create", "-b", bundle, "--pid-file", pidfile, cid], check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with open(pidfile) as f:
            pid = int(f.read())
        t0 = time.perf_counter()
        subprocess.run([runtime, "start", cid], check=True)
        _, status = os.waitpid(pid, 0)  # reparented to us: we are a child subreaper
        secs = time.perf_counter() - t0
        if status != 0:
            raise RuntimeError("ceiling container exit status %d" % status)
        got = os.path.getsize(out)
        if got != nbytes:
            raise RuntimeError("ceiling: file holds %d bytes, expected %d" % (got, nbytes))
        return secs
    finally:
        subprocess.run([runtime, "delete", "-f", cid], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.path.exists(out):
            os.unlink(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=500, help="MB (10^6 bytes) written per run")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--runtime", default="/usr/bin/runc")
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("needs root")
    for name, b in MONITORS.items():
        if not os.access(b, os.X_OK):
            sys.exit("%s not found at %s (build with scripts/mvn.sh -DskipTests package)" % (name, b))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
        sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed: errno %d" % ctypes.get_errno())

    nbytes = a.mb * 1000 * 1000
    names = list(MONITORS) + [CEILING]
    secs = {k: {n: [] for n in names} for k, _ in KINDS}
    bundles = []
    try:
        for kind, line_len in KINDS:
            logged = make_bundle(gen_command(line_len, nbytes))
            ceil = make_bundle(gen_command(line_len, nbytes, to_file=True))
            bundles += [logged, ceil]
            warm = make_bundle(gen_command(line_len, 10 * 1000 * 1000))
            bundles.append(warm)
            for b in MONITORS.values():  # warm the page cache (binaries, image, busybox)
                run_monitor(b, a.runtime, warm, 10 * 1000 * 1000)
            for i in range(a.runs):
                order = names if i % 2 == 0 else list(reversed(names))
                for name in order:
                    if name == CEILING:
                        s = run_ceiling(a.runtime, ceil, nbytes)
                    else:
                        s = run_monitor(MONITORS[name], a.runtime, logged, nbytes)
                    secs[kind][name].append(s)
                    print("%-16s %-40s %6.2f s  %7.1f MB/s" % (kind, name, s, a.mb / s), file=sys.stderr, flush=True)
    finally:
        for d in bundles:
            shutil.rmtree(d, ignore_errors=True)

    print("\n| %d MB through k8s-file (median of %d) | C conmon | jconmon | jconmon / C | ceiling | C / ceiling | jconmon / ceiling |"
          % (a.mb, a.runs))
    print("|---|---|---|---|---|---|---|")
    for kind, _ in KINDS:
        mbs = {n: a.mb / statistics.median(secs[kind][n]) for n in names}
        c, j, top = mbs["C conmon"], mbs["jconmon"], mbs[CEILING]
        print("| %s | %.0f MB/s | %.0f MB/s | %.2f | %.0f MB/s | %.2f | %.2f |"
              % (kind, c, j, j / c, top, c / top, j / top))
    print("\nMB = 10^6 bytes; time from `runc start` to the exit file (ceiling: to the init's exit); "
          "runs alternate; runtime %s; %s; %d CPUs" % (a.runtime, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                                                       os.cpu_count()))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Log throughput of jconmon against the C conmon through the k8s-file driver (issue: logging pipeline).

A container writes N MB (10^6 bytes) of
  (a) 100-byte lines,
  (b) 16 KiB lines
to its stdout with bench/flood.c (numbered lines from one pre-built buffer, 1 MiB write(2)s; built
here with `gcc -static -O2` into the busybox bundle), and the monitor copies them into a k8s-file log.
Time is measured from `runc start` to the monitor's exit file appearing (the monitor writes it after
draining the container's output and flushing the log). The log is then checked: the reassembled
content bytes of its F/P records (content, plus 1 for the newline an F record stands for) must
equal BYTES, and its F records the number of complete lines.
"straight to a file" is the same generator writing the same bytes to a file on the rootfs under runc
alone (no monitor; this process is a child subreaper and waits for the container's init), timed from
`runc start` to the init's exit. The generator alone on the host, to /dev/null and to a file, is
printed too, to show it is not the limit.
Runs alternate between the three (order reversed every other round); the median of --runs is reported.
Needs root, runc, gcc with a static libc, busybox (scripts/setup-host.sh) and a built image
(dist/target/jconmon). JCONMON_JAVA_OPTIONS in the environment reaches jconmon (profiling).
The monitors' own CPU time (user + system, without the runtime and container they reap) is
reported per GB: less sensitive than wall time to other load on the machine.
Usage: sudo bench/throughput_bench.py [--mb 500] [--runs 5] [--runtime /usr/bin/runc]
       [--kinds 100,16384] [--variant NAME=IMAGE_DIR ...]
"""
import argparse, ctypes, os, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from monitor_bench import MONITORS, Run, make_bundle  # noqa: E402

KINDS = (("100-byte lines", 100), ("16 KiB lines", 16384))
FILE = "straight to a file"
HERE = os.path.dirname(os.path.abspath(__file__))


def build_flood(dest_dir):
    """Compiles bench/flood.c statically (the busybox rootfs has no libc); returns its path."""
    out = os.path.join(dest_dir, "flood")
    subprocess.run(["gcc", "-static", "-O2", "-Wall", "-Wextra", "-Werror", "-o", out,
                    os.path.join(HERE, "flood.c")], check=True)
    return out


def flood_bundle(flood, line_len, nbytes, to_file=False):
    args = ["/bin/flood", str(line_len), str(nbytes)] + (["/tmp/out"] if to_file else [])
    d = make_bundle(args)
    shutil.copy(flood, os.path.join(d, "rootfs/bin/flood"))
    return d


def flood_alone(flood, line_len, nbytes, target):
    """Seconds the generator takes on the host to write to target (/dev/null or a file)."""
    t0 = time.perf_counter()
    subprocess.run([flood, str(line_len), str(nbytes), target], check=True)
    return time.perf_counter() - t0


def log_content(path):
    """(content bytes of the k8s-file records plus one per F record, number of F records)."""
    total = full = 0
    with open(path, "rb", buffering=1 << 20) as f:
        for line in f:
            # "<timestamp> <stream> <F|P> <content>\n"
            parts = line.split(b" ", 3)
            if len(parts) < 4:
                if len(parts) == 3 and parts[2].rstrip(b"\n") in (b"F", b"P"):  # empty content
                    if parts[2].startswith(b"F"):
                        total += 1
                        full += 1
                    continue
                raise ValueError("bad log line: %r" % line[:120])
            total += len(parts[3]) - 1  # minus the record's newline
            if parts[2] == b"F":
                total += 1
                full += 1
    return total, full


def children_cpu(pid):
    """CPU seconds of the children a process has reaped (cutime + cstime in /proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def reap(pid, timeout):
    """Waits for the daemonized monitor (reparented to us, a child subreaper) to exit.

    Returns its own CPU seconds: wait4's rusage (user + system) minus what its reaped children
    (the runtime, the container) used, read once they are reaped (the exit file exists); None if
    it is not our child.
    """
    reaped = children_cpu(pid)  # a zombie still shows it
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            got, _, usage = os.wait4(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if got == pid:
            return usage.ru_utime + usage.ru_stime - reaped
        time.sleep(0.01)
    raise RuntimeError("monitor %d still running after %d s" % (pid, timeout))


def run_monitor(binary, runtime, bundle, nbytes, line_len):
    """Returns (seconds from `runc start` to the exit file, monitor CPU seconds); checks the log."""
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
        cpu = reap(r.monitor_pid(), 30)  # and let it finish any write before counting
        with open(exit_file) as f:
            status = f.read().strip()
        if status != "0":
            raise RuntimeError("container exit status %r" % status)
        got, lines = log_content(os.path.join(r.work, "ctr.log"))
        if got != nbytes or lines != nbytes // line_len:
            raise RuntimeError("%s: log holds %d content bytes in %d full lines, container wrote %d in %d"
                               % (binary, got, lines, nbytes, nbytes // line_len))
        return secs, cpu
    finally:
        r.close()


def run_straight_to_file(runtime, bundle, nbytes):
    out = os.path.join(bundle, "rootfs/tmp/out")
    if os.path.exists(out):
        os.unlink(out)
    cid = "tput%d" % time.time_ns()
    pidfile = os.path.join(bundle, "to-file.pid")
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
            raise RuntimeError("straight-to-file container exit status %d" % status)
        got = os.path.getsize(out)
        if got != nbytes:
            raise RuntimeError("straight to a file: file holds %d bytes, expected %d" % (got, nbytes))
        return secs
    finally:
        subprocess.run([runtime, "delete", "-f", cid], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.path.exists(out):
            os.unlink(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=500, help="MB (10^6 bytes) written per run")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runtime", default="/usr/bin/runc")
    ap.add_argument("--variant", action="append", default=[], metavar="NAME=IMAGE",
                    help="also run IMAGE/bin/jconmon (e.g. a copy of the image with other lib/jvm.args) in the rotation")
    ap.add_argument("--kinds", default="100,16384", help="line lengths to run, comma-separated")
    a = ap.parse_args()
    monitors = dict(MONITORS)
    for v in a.variant:
        name, image = v.split("=", 1)
        monitors[name] = os.path.join(image, "bin/jconmon")
    kinds = [(k, n) for k, n in KINDS if str(n) in a.kinds.split(",")]
    if os.geteuid() != 0:
        sys.exit("needs root")
    for name, b in monitors.items():
        if not os.access(b, os.X_OK):
            sys.exit("%s not found at %s (build with scripts/mvn.sh -DskipTests package)" % (name, b))
    load_before = open("/proc/loadavg").read().split()[0]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
        sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed: errno %d" % ctypes.get_errno())

    nbytes = a.mb * 1000 * 1000
    names = list(monitors) + [FILE]
    secs = {k: {n: [] for n in names} for k, _ in kinds}
    cpu = {k: {n: [] for n in monitors} for k, _ in kinds}
    alone = {k: {"/dev/null": [], "file": []} for k, _ in kinds}
    tmp = tempfile.mkdtemp(prefix="jconmon-tput.")
    bundles = []
    try:
        flood = build_flood(tmp)
        for kind, line_len in kinds:
            for _ in range(3):
                alone[kind]["/dev/null"].append(flood_alone(flood, line_len, nbytes, "/dev/null"))
                out = os.path.join(tmp, "out")
                alone[kind]["file"].append(flood_alone(flood, line_len, nbytes, out))
                os.unlink(out)
        for kind, line_len in kinds:
            logged = flood_bundle(flood, line_len, nbytes)
            to_file = flood_bundle(flood, line_len, nbytes, to_file=True)
            warm = flood_bundle(flood, line_len, 10 * 1000 * 1000)
            bundles += [logged, to_file, warm]
            for b in monitors.values():  # warm the page cache (binaries, image) and the runtime
                run_monitor(b, a.runtime, warm, 10 * 1000 * 1000, line_len)
            for i in range(a.runs):
                order = names if i % 2 == 0 else list(reversed(names))
                for name in order:
                    if name == FILE:
                        s, c = run_straight_to_file(a.runtime, to_file, nbytes), None
                    else:
                        s, c = run_monitor(monitors[name], a.runtime, logged, nbytes, line_len)
                        cpu[kind][name].append(c)
                    secs[kind][name].append(s)
                    print("%-16s %-20s %6.2f s  %7.1f MB/s%s" % (kind, name, s, a.mb / s,
                          "" if c is None else "  monitor CPU %.2f s" % c), file=sys.stderr, flush=True)
    finally:
        for d in bundles:
            shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)

    print("\n| %d MB through k8s-file (median of %d) | C conmon | jconmon | jconmon / C | straight to a file "
          "| C / file | jconmon / file |" % (a.mb, a.runs))
    print("|---|---|---|---|---|---|---|")
    for kind, _ in kinds:
        mbs = {n: a.mb / statistics.median(secs[kind][n]) for n in names}
        c, j, top = mbs["C conmon"], mbs["jconmon"], mbs[FILE]
        print("| %s | %.0f MB/s | %.0f MB/s | **%.2f** | %.0f MB/s | %.2f | %.2f |"
              % (kind, c, j, j / c, top, c / top, j / top))
    print("\n| monitor CPU per GB (median) | C conmon | jconmon | jconmon / C |")
    print("|---|---|---|---|")
    for kind, _ in kinds:
        c, j = (statistics.median(cpu[kind][n]) * 1000 / a.mb for n in ("C conmon", "jconmon"))
        print("| %s | %.2f s | %.2f s | %.2f |" % (kind, c, j, j / c))
    for name in list(monitors)[2:]:
        print("\n| variant %s | MB/s | / C conmon | / jconmon | CPU per GB |" % name)
        print("|---|---|---|---|---|")
        for kind, _ in kinds:
            v = a.mb / statistics.median(secs[kind][name])
            print("| %s | %.0f | %.2f | %.2f | %.2f s |" % (kind, v, v * statistics.median(secs[kind]["C conmon"]) / a.mb,
                  v * statistics.median(secs[kind]["jconmon"]) / a.mb, statistics.median(cpu[kind][name]) * 1000 / a.mb))
    print("\nSpread (min-max MB/s): " + "; ".join(
        "%s %s %.0f-%.0f" % (kind, n, a.mb / max(secs[kind][n]), a.mb / min(secs[kind][n]))
        for kind, _ in kinds for n in names))
    print("Generator alone on the host (median of 3): " + "; ".join(
        "%s to %s %.0f MB/s" % (kind, t, a.mb / statistics.median(v)) for kind, _ in kinds for t, v in alone[kind].items()))
    print("MB = 10^6 bytes; time from `runc start` to the exit file (straight to a file: to the init's exit); "
          "runs alternate; runtime %s; %s; %d CPUs; load average before: %s"
          % (a.runtime, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.cpu_count(), load_before))


if __name__ == "__main__":
    main()

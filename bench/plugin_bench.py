#!/usr/bin/env python3
"""What a plugin log driver costs a container, side by side (issue 5: plugins.d and the C-ABI bridge).

Four set-ups, alternating run by run:
  * C conmon, k8s-file only,
  * jconmon, k8s-file only,
  * jconmon, k8s-file + hello (a Java plugin from plugins.d that writes every record to a file),
  * jconmon, k8s-file + example-file (a C driver, example-file.so, through the JNI bridge).
Measured for each:
  * start pipe write -> pid on the sync pipe (what the engine waits for; code shared with
    bench/monitor_bench.py), for a container that runs /bin/true,
  * CPU time (user + sys) of the monitor over the whole life of that container (the monitor is
    reparented to this process, a child subreaper, which reaps it and reads its rusage),
  * CPU time, PSS and threads of the monitor 10 s after its container (`sleep`) started,
  * throughput: a static C generator in the container writes --mb MB of 100-byte numbered lines;
    time from `runc start` to the exit file and to the monitor's exit (every driver flushed and
    closed); then the k8s-file log and the plugin's file are reassembled and compared with the
    generator's output (SHA-256, line count): the default blocking mode may lose nothing.
Prints one markdown table. Needs root, runc, busybox, gcc with static libc (scripts/setup-host.sh)
and a built image (scripts/mvn.sh -DskipTests package).
Usage: sudo bench/plugin_bench.py [--runs 20] [--idle-runs 3] [--mb 200] [--tput-runs 3] [--runtime /usr/bin/runc]
"""
import argparse, ctypes, hashlib, os, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from monitor_bench import MONITORS, Run, fmt, make_bundle, memory_of  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGE = os.path.join(ROOT, "dist/target/jconmon")
PLUGINS_DIR = os.path.join(IMAGE, "plugins.d")
LINE = 100

# name -> (monitor binary, plugin driver selected next to k8s-file or None)
SETUPS = {
    "C conmon": (MONITORS["C conmon"], None),
    "jconmon": (MONITORS["jconmon"], None),
    "jconmon + hello (Java)": (MONITORS["jconmon"], "hello"),
    "jconmon + example-file.so (C)": (MONITORS["jconmon"], "example-file"),
}

# Line n (from 1): n in 9 digits, a space, 89 letters that depend on n, a newline; 64 KiB writes.
GENERATOR = r"""
#include <stdlib.h>
#include <unistd.h>
static char buf[65500];
int main(int argc, char **argv) {
    long count = atol(argv[1]);
    size_t used = 0;
    for (long n = 1; n <= count; n++) {
        char *p = buf + used;
        long v = n;
        for (int i = 8; i >= 0; i--) { p[i] = (char) ('0' + v % 10); v /= 10; }
        p[9] = ' ';
        for (int i = 0; i < 89; i++) p[10 + i] = (char) ('a' + (n + i) % 26);
        p[99] = '\n';
        used += 100;
        if (used == sizeof buf || n == count) {
            size_t off = 0;
            while (off < used) {
                ssize_t w = write(1, buf + off, used - off);
                if (w <= 0) return 3;
                off += (size_t) w;
            }
            used = 0;
        }
    }
    return 0;
}
"""


def compile_generator(dest_dir):
    src = os.path.join(dest_dir, "numbered.c")
    with open(src, "w") as f:
        f.write(GENERATOR)
    binary = os.path.join(dest_dir, "numbered")
    subprocess.run(["gcc", "-O2", "-static", "-o", binary, src], check=True)
    return binary


def expected_output(generator, lines):
    """(sha256, bytes) of what the generator writes, run here on the host."""
    h = hashlib.sha256()
    total = 0
    with subprocess.Popen([generator, str(lines)], stdout=subprocess.PIPE) as p:
        while True:
            b = p.stdout.read(1 << 20)
            if not b:
                break
            h.update(b)
            total += len(b)
    return h.hexdigest(), total


PLUGIN_OPTS = []  # --plugin-opt KEY=VALUE: --log-opt PLUGIN.KEY=VALUE for each plugin set-up


def monitor_args(plugin, out_dir):
    if plugin is None:
        return []
    args = ["--plugins-dir", PLUGINS_DIR, "-l", "%s:%s" % (plugin, os.path.join(out_dir, "plugin.out"))]
    for opt in PLUGIN_OPTS:
        args += ["--log-opt", "%s.%s" % (plugin, opt)]
    return args


def reassemble(path, head_fields):
    """Reads a log whose lines are `<head_fields fields> F|P <content>` (the F/P flag is the last head
    field): returns (sha256 of the stream with a newline after every F record, full lines, bytes)."""
    h = hashlib.sha256()
    full = total = 0
    with open(path, "rb", buffering=1 << 20) as f:
        for line in f:
            parts = line.split(b" ", head_fields)
            content = parts[head_fields][:-1] if len(parts) > head_fields else b""
            flag = parts[head_fields - 1].rstrip(b"\n")
            h.update(content)
            total += len(content)
            if flag == b"F":
                h.update(b"\n")
                total += 1
                full += 1
            elif flag != b"P":
                raise ValueError("%s: bad line %r" % (path, line[:120]))
    return h.hexdigest(), full, total


# k8s-file: "<timestamp> <stream> <F|P> <content>"; hello: "hello <id> <stream> <F|P> <content>";
# example-file: "<timestamp_ns> <stream> <F|P> <length> <content>" (the flag is not last: handled below).
def reassemble_plugin(plugin, path):
    if plugin == "hello":
        return reassemble(path, 4)
    h = hashlib.sha256()
    full = total = 0
    with open(path, "rb", buffering=1 << 20) as f:
        for line in f:
            ts, stream, flag, length, rest = line.split(b" ", 4)
            content = rest[:-1]
            if len(content) != int(length):
                raise ValueError("%s: length %s but %d bytes: %r" % (path, length, len(content), line[:120]))
            h.update(content)
            total += len(content)
            if flag == b"F":
                h.update(b"\n")
                total += 1
                full += 1
    return h.hexdigest(), full, total


def reap(pid, timeout=60):
    """Waits for the monitor (our child, as subreaper) to exit; returns its CPU ms (user + sys)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            wpid, _, ru = os.wait4(pid, os.WNOHANG)
        except ChildProcessError:
            return None  # not ours (not reparented to us): no rusage
        if wpid == pid:
            return (ru.ru_utime + ru.ru_stime) * 1000
        time.sleep(0.005)
    raise RuntimeError("monitor %d still running after %d s" % (pid, timeout))


def reap_strays():
    """Reaps other children (runtime processes reparented to us), so none lingers as a zombie."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def cpu_ms_of(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) * 1000 / ticks  # utime, stime


def start_run(name, runtime, bundle, out_dir):
    binary, plugin = SETUPS[name]
    return Run(binary, runtime, bundle, monitor_args(plugin, out_dir))


def wait_pid(r):
    ms, _ = r.release_and_wait_pid()  # also `runtime start`
    return ms


def startup_once(name, runtime, bundle, res):
    out = tempfile.mkdtemp(prefix="jconmon-plugin-bench.")
    r = start_run(name, runtime, bundle, out)
    try:
        res[name]["latency"].append(wait_pid(r))
        cpu = reap(r.monitor_pid())
        if cpu is not None:
            res[name]["cpu_life"].append(cpu)
        if SETUPS[name][1] and not os.path.exists(os.path.join(out, "plugin.out")):
            raise RuntimeError("%s: the plugin made no file" % name)
    finally:
        r.close()
        reap_strays()
        shutil.rmtree(out, ignore_errors=True)


def idle_once(name, runtime, bundle, res):
    out = tempfile.mkdtemp(prefix="jconmon-plugin-bench.")
    r = start_run(name, runtime, bundle, out)
    try:
        wait_pid(r)
        time.sleep(10)
        pid = r.monitor_pid()
        pss, rss, threads = memory_of(pid)
        res[name]["pss"].append(pss / 1024)
        res[name]["threads"].append(threads)
        res[name]["cpu_idle"].append(cpu_ms_of(pid))
    finally:
        r.close()
        try:
            reap(r.monitor_pid(), timeout=10)
        except (RuntimeError, OSError, ValueError):
            pass
        reap_strays()
        shutil.rmtree(out, ignore_errors=True)


def throughput_once(name, runtime, bundle, nbytes, lines, sha, res):
    out = tempfile.mkdtemp(prefix="jconmon-plugin-bench.")
    plugin = SETUPS[name][1]
    r = start_run(name, runtime, bundle, out)
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
        mon = r.monitor_pid()
        t0 = time.perf_counter()
        subprocess.run([runtime, "start", r.id], check=True)
        while not os.path.exists(exit_file):
            time.sleep(0.001)
        to_exit_file = time.perf_counter() - t0
        reap(mon, timeout=300)
        to_monitor_exit = time.perf_counter() - t0
        with open(exit_file) as f:
            status = f.read().strip()
        if status != "0":
            raise RuntimeError("%s: container exit status %r" % (name, status))
        got_sha, got_lines, got_bytes = reassemble(os.path.join(r.work, "ctr.log"), 3)
        if (got_sha, got_lines, got_bytes) != (sha, lines, nbytes):
            raise RuntimeError("%s: k8s-file holds %d lines, %d bytes (sha %s); the container wrote %d, %d (%s)"
                               % (name, got_lines, got_bytes, got_sha, lines, nbytes, sha))
        if plugin:
            p_sha, p_lines, p_bytes = reassemble_plugin(plugin, os.path.join(out, "plugin.out"))
            res[name]["plugin_lines"].append(p_lines)
            res[name]["plugin_intact"].append(p_sha == sha and p_bytes == nbytes)
        mb = nbytes / 1e6
        res[name]["mbs_exit_file"].append(mb / to_exit_file)
        res[name]["mbs_monitor_exit"].append(mb / to_monitor_exit)
        print("%-32s %6.2f s to exit file, %6.2f s to monitor exit (%.0f MB/s)%s" % (
            name, to_exit_file, to_monitor_exit, mb / to_monitor_exit,
            "" if not plugin else ", plugin file: %d of %d lines%s" % (
                res[name]["plugin_lines"][-1], lines, "" if res[name]["plugin_intact"][-1] else " (DIFFERS)")),
            file=sys.stderr, flush=True)
    finally:
        r.close()
        reap_strays()
        shutil.rmtree(out, ignore_errors=True)


def fmt_range(values, unit, digits):
    """Median and the range: with a handful of runs a p90 says nothing."""
    if not values:
        return "-"
    return "%.*f %s (%.*f-%.*f)" % (digits, statistics.median(values), unit, digits, min(values), digits, max(values))


def alternating(names, i):
    return names if i % 2 == 0 else list(reversed(names))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20, help="start-up runs per set-up")
    ap.add_argument("--idle-runs", type=int, default=3)
    ap.add_argument("--mb", type=int, default=200, help="MB (10^6 bytes) of 100-byte lines per throughput run")
    ap.add_argument("--tput-runs", type=int, default=3)
    ap.add_argument("--runtime", default="/usr/bin/runc")
    ap.add_argument("--plugin-opt", action="append", default=[],
                    help="KEY=VALUE passed to both plugins as --log-opt PLUGIN.KEY=VALUE (e.g. max-buffer-size=8m)")
    ap.add_argument("--only", help="comma-separated set-ups to run (default: all)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: startup,idle,throughput")
    a = ap.parse_args()
    PLUGIN_OPTS.extend(a.plugin_opt)
    if a.only:
        for n in [n for n in SETUPS if n not in a.only.split(",")]:
            del SETUPS[n]
    skip = set(a.skip.split(",")) - {""}
    if os.geteuid() != 0:
        sys.exit("needs root")
    for name, (b, _) in SETUPS.items():
        if not os.access(b, os.X_OK):
            sys.exit("%s not found at %s (build with scripts/mvn.sh -DskipTests package)" % (name, b))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER: daemonized monitors become our children
        sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed: errno %d" % ctypes.get_errno())

    names = list(SETUPS)
    keys = ("latency", "cpu_life", "pss", "threads", "cpu_idle", "mbs_exit_file", "mbs_monitor_exit",
            "plugin_lines", "plugin_intact")
    res = {n: {k: [] for k in keys} for n in names}
    lines = a.mb * 1000 * 1000 // LINE
    tmp = tempfile.mkdtemp(prefix="jconmon-plugin-bench-gen.")
    quick = make_bundle(["/bin/true"])
    idle = make_bundle(["/bin/sleep", "30"])
    tput = make_bundle(["/bin/numbered", str(lines)])
    warm = make_bundle(["/bin/numbered", "100000"])
    try:
        gen = compile_generator(tmp)
        for b in (tput, warm):
            shutil.copy(gen, os.path.join(b, "rootfs/bin/numbered"))
        sha, nbytes = expected_output(gen, lines)
        warm_sha, warm_bytes = expected_output(gen, 100000)
        for name in names:  # warm the page cache (monitors, plugins, image)
            startup_once(name, a.runtime, quick, {n: {k: [] for k in keys} for n in names})
            throughput_once(name, a.runtime, warm, warm_bytes, 100000, warm_sha, {n: {k: [] for k in keys} for n in names})
        for i in range(0 if "startup" in skip else a.runs):
            for name in alternating(names, i):
                startup_once(name, a.runtime, quick, res)
                time.sleep(0.2)
        for i in range(0 if "idle" in skip else a.idle_runs):
            for name in alternating(names, i):
                idle_once(name, a.runtime, idle, res)
        for i in range(0 if "throughput" in skip else a.tput_runs):
            for name in alternating(names, i):
                throughput_once(name, a.runtime, tput, nbytes, lines, sha, res)
    finally:
        for d in (quick, idle, tput, warm, tmp):
            shutil.rmtree(d, ignore_errors=True)

    print("\n| metric (median, p90) | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    rows = [("start pipe -> pid on sync pipe (%s)" % os.path.basename(a.runtime), "latency", "ms", 1),
            ("monitor CPU, whole life of a `true` container", "cpu_life", "ms", 0),
            ("monitor CPU after 10 s idle (`sleep` container)", "cpu_idle", "ms", 0),
            ("idle PSS after 10 s, 1 monitor", "pss", "MB", 1),
            ("threads", "threads", "", 0),
            ("%d MB of 100-byte lines: MB/s to the exit file (median, min-max)" % a.mb, "mbs_exit_file", "MB/s", 0),
            ("... MB/s to the monitor's exit (all drivers closed)", "mbs_monitor_exit", "MB/s", 0)]
    for label, key, unit, digits in rows:
        show = fmt if key not in ("mbs_exit_file", "mbs_monitor_exit") else fmt_range
        print("| %s | %s |" % (label, " | ".join(show(res[n][key], unit, digits) for n in names)))
    cells = []
    for n in names:
        if SETUPS[n][1] is None:
            cells.append("-")
        else:
            got = res[n]["plugin_lines"]
            intact = sum(res[n]["plugin_intact"])
            cells.append("%d/%d runs intact; lines min %d of %d" % (intact, len(got), min(got) if got else 0, lines)
                         if got else "-")
    print("| plugin's file = container's output (SHA-256) | " + " | ".join(cells) + " |")
    if PLUGIN_OPTS:
        print("\nplugin options: %s" % " ".join(PLUGIN_OPTS))
    print("\n%d start-up runs, %d idle runs, %d throughput runs per set-up, alternating; k8s-file logs always "
          "checked byte for byte; runtime %s; %d CPUs; load average %s; %s" % (
              a.runs, a.idle_runs, a.tput_runs, a.runtime, os.cpu_count(),
              open("/proc/loadavg").read().split()[0:3], time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Side-by-side benchmark of jconmon and the C conmon, alternating runs (issue: start-up and memory).

Measures, for each monitor:
  * `--version` wall time (Podman runs it before every podman command),
  * start-pipe write -> sync-pipe pid latency (how long the engine waits for a container pid),
  * idle PSS, RSS and threads of the monitor 10 s after its container started (`sleep`).
Prints one markdown table. Needs root, runc, busybox (scripts/setup-host.sh) and a built image.
Usage: bench/monitor_bench.py [--runs N] [--idle-runs N] [--runtime /usr/bin/runc] [--concurrent N]
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MONITORS = {
    "C conmon": "/usr/bin/conmon",
    "jconmon": os.path.join(ROOT, "dist/target/jconmon/bin/jconmon"),
}


def version_ms(binary):
    t0 = time.perf_counter_ns()
    subprocess.run([binary, "--version"], stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter_ns() - t0) / 1e6


class Run:
    """One container under one monitor, driven the way Podman does (fifos instead of socketpairs)."""

    def __init__(self, binary, runtime, bundle, args_extra=()):
        self.work = tempfile.mkdtemp(prefix="jconmon-bench.")
        self.id = "bench%d" % time.time_ns()
        self.runtime = runtime
        os.makedirs(os.path.join(self.work, "exits"))
        os.makedirs(os.path.join(self.work, "persist"))
        sync, start = os.path.join(self.work, "sync"), os.path.join(self.work, "start")
        os.mkfifo(sync)
        os.mkfifo(start)
        self.sync_fd = os.open(sync, os.O_RDWR)
        self.start_fd = os.open(start, os.O_RDWR)
        os.set_inheritable(self.sync_fd, True)
        os.set_inheritable(self.start_fd, True)
        self.conmon_pidfile = os.path.join(self.work, "conmon.pid")
        argv = [binary, "--api-version", "1", "-c", self.id, "-u", self.id, "-r", runtime, "-b", bundle,
                "-p", os.path.join(self.work, "pidfile"), "-n", "bench", "--exit-dir", os.path.join(self.work, "exits"),
                "--persist-dir", os.path.join(self.work, "persist"), "--full-attach",
                "-l", "k8s-file:" + os.path.join(self.work, "ctr.log"), "--log-level", "warning", "--syslog",
                "-P", self.conmon_pidfile] + list(args_extra)
        env = dict(os.environ, _OCI_SYNCPIPE=str(self.sync_fd), _OCI_STARTPIPE=str(self.start_fd))
        self.p1 = subprocess.Popen(argv, env=env, pass_fds=(self.sync_fd, self.start_fd),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def release_and_wait_pid(self):
        """Writes the start byte, returns (ms until the sync pipe carried the pid, sync line)."""
        time.sleep(0.05)  # let P1 reach its start-pipe read, as the engine's cgroup move would
        t0 = time.perf_counter_ns()
        os.write(self.start_fd, b"\0")
        line = b""
        while not line.endswith(b"\n"):
            line += os.read(self.sync_fd, 4096)
        ms = (time.perf_counter_ns() - t0) / 1e6
        self.p1.wait(timeout=30)
        if b'"data": -1' in line:
            raise RuntimeError("container failed: %r %r" % (line, self.p1.stderr.read()))
        subprocess.run([self.runtime, "start", self.id], check=True)
        return ms, line

    def monitor_pid(self):
        with open(self.conmon_pidfile) as f:
            return int(f.read())

    def close(self):
        subprocess.run([self.runtime, "delete", "-f", self.id], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            os.kill(self.monitor_pid(), 9)
        except (OSError, ValueError):
            pass
        os.close(self.sync_fd)
        os.close(self.start_fd)
        shutil.rmtree(self.work, ignore_errors=True)


def memory_of(pid):
    pss = rss = 0
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    threads = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Threads:"):
                threads = int(line.split()[1])
    return pss, rss, threads


def make_bundle(args):
    d = tempfile.mkdtemp(prefix="jconmon-bench-bundle.")
    subprocess.run([os.path.join(ROOT, "scripts/make-bundle.sh"), d, "--"] + args, check=True,
                   stdout=subprocess.DEVNULL)
    return d


def fmt(values, unit="ms", digits=1):
    if not values:
        return "-"
    med = statistics.median(values)
    p90 = sorted(values)[max(0, int(len(values) * 0.9) - 1)] if len(values) > 1 else med
    return "%.*f %s (p90 %.*f)" % (digits, med, unit, digits, p90)


def main():
    # JCONMON_BASELINE=/path/to/another/image/bin/jconmon adds a third column in the same rotation
    # (an A/B of two jconmon builds against the C conmon).
    if os.environ.get("JCONMON_BASELINE"):
        MONITORS["jconmon baseline"] = os.environ["JCONMON_BASELINE"]
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--idle-runs", type=int, default=3)
    ap.add_argument("--concurrent", type=int, default=5, help="monitors alive at once for the shared-PSS figure")
    ap.add_argument("--runtime", default="/usr/bin/runc")
    a = ap.parse_args()
    for name, b in MONITORS.items():
        if not os.access(b, os.X_OK):
            sys.exit("%s not found at %s (build with scripts/mvn.sh -DskipTests package)" % (name, b))

    res = {n: {"version": [], "latency": [], "pss": [], "rss": [], "threads": [], "pss_conc": []} for n in MONITORS}
    quick = make_bundle(["/bin/true"])
    idle = make_bundle(["/bin/sleep", "30"])
    try:
        for _ in range(3):  # warm the page cache for both
            for b in MONITORS.values():
                version_ms(b)
        for i in range(a.runs):
            for name, b in (MONITORS.items() if i % 2 == 0 else reversed(list(MONITORS.items()))):
                res[name]["version"].append(version_ms(b))
        for i in range(a.runs):
            for name, b in (MONITORS.items() if i % 2 == 0 else reversed(list(MONITORS.items()))):
                r = Run(b, a.runtime, quick)
                try:
                    ms, _ = r.release_and_wait_pid()
                    res[name]["latency"].append(ms)
                finally:
                    time.sleep(0.3)
                    r.close()
        for i in range(a.idle_runs):
            for name, b in MONITORS.items():
                r = Run(b, a.runtime, idle)
                try:
                    r.release_and_wait_pid()
                    time.sleep(10)
                    pss, rss, threads = memory_of(r.monitor_pid())
                    res[name]["pss"].append(pss / 1024)
                    res[name]["rss"].append(rss / 1024)
                    res[name]["threads"].append(threads)
                finally:
                    r.close()
        for name, b in MONITORS.items():  # N monitors at once: shared pages (libjvm, AOT cache) split N ways
            runs = [Run(b, a.runtime, idle) for _ in range(a.concurrent)]
            try:
                for r in runs:
                    r.release_and_wait_pid()
                time.sleep(10)
                res[name]["pss_conc"] = [memory_of(r.monitor_pid())[0] / 1024 for r in runs]
            finally:
                for r in runs:
                    r.close()
    finally:
        shutil.rmtree(quick, ignore_errors=True)
        shutil.rmtree(idle, ignore_errors=True)

    print("\n| metric (median, p90) | " + " | ".join(MONITORS) + " |")
    print("|---|" + "---|" * len(MONITORS))
    rows = [("`--version`", "version", "ms", 2),
            ("start pipe -> pid on sync pipe (%s)" % os.path.basename(a.runtime), "latency", "ms", 1),
            ("idle PSS after 10 s, 1 monitor", "pss", "MB", 1),
            ("idle RSS after 10 s, 1 monitor", "rss", "MB", 1),
            ("idle PSS per monitor, %d at once" % a.concurrent, "pss_conc", "MB", 1),
            ("threads", "threads", "", 0)]
    for label, key, unit, digits in rows:
        print("| %s | %s |" % (label, " | ".join(fmt(res[n][key], unit, digits) for n in MONITORS)))
    print("\n%d version/latency runs and %d idle runs each, alternating; runtime %s; %s" %
          (a.runs, a.idle_runs, a.runtime, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Allocation profile of jconmon's log hot path under a flood (issue: logging pipeline).
#
# A container writes MB megabytes of LEN-byte lines (bench/flood.c) through jconmon's k8s-file
# driver. The monitor runs with its own JVM flags plus -XX:-UseTLAB, so that every allocation
# takes the slow path and JFR records each one (jdk.ObjectAllocationOutsideTLAB, with its stack),
# and with JFR's jdk.FileWrite events, whose first and last write to the log bound the flood. The
# install image's runtime is jlinked without jdk.jfr, so the monitor runs on the full JDK here
# (JCONMON_JAVA); C1 and the interpreter allocate where the image's runtime would.
# The report: every allocation the monitor's main thread made between the first and the last
# write of the log, grouped by site, and bytes per line. No per-line allocation means a handful of
# allocations (the container's exit, signals) for millions of lines.
# Needs root, runc, gcc, busybox and a built image (scripts/mvn.sh -DskipTests package).
# Usage: sudo bench/alloc_profile.sh [MB=1000] [LEN=100] [JDK=$JAVA_HOME or /usr/lib/jvm/temurin-25*]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mb=${1:-1000}
len=${2:-100}
jdk=${3:-${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | sort -r | head -1)}}
[ -x "$jdk/bin/jfr" ] || { echo "alloc_profile: no full JDK 25 with jfr at '$jdk'" >&2; exit 1; }
work=$(mktemp -d /tmp/jconmon-alloc.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$jdk/bin/jfr" configure --input none --output "$work/alloc.jfc" \
  +jdk.ObjectAllocationOutsideTLAB#enabled=true +jdk.ObjectAllocationOutsideTLAB#stackTrace=true \
  +jdk.FileWrite#enabled=true "+jdk.FileWrite#threshold=0 ms" +jdk.FileWrite#stackTrace=false >/dev/null

export JCONMON_JAVA="$jdk/bin/java"
# -XX:AOTCache in lib/jvm.args belongs to the image's runtime; this JDK does not map it (the error
# log is off), which changes start-up, not where the hot path allocates.
export JCONMON_JAVA_OPTIONS="-XX:-UseTLAB -XX:StartFlightRecording=filename=$work/flood.jfr,settings=$work/alloc.jfc"
python3 - "$here" "$work" "$mb" "$len" <<'PY'
import ctypes, os, sys, time
here, work, mb, line_len = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, here)
import throughput_bench as tb
from monitor_bench import MONITORS
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: the monitor is reaped here
nbytes = mb * 1000 * 1000
bundle = tb.flood_bundle(tb.build_flood(work), line_len, nbytes)
secs, cpu = tb.run_monitor(MONITORS["jconmon"], "/usr/bin/runc", bundle, nbytes, line_len)
print("flood: %d MB of %d-byte lines (%d lines) in %.2f s through jconmon (JFR and -XX:-UseTLAB on)"
      % (mb, line_len, nbytes // line_len, secs))
with open(os.path.join(work, "flood.txt"), "w") as f:
    f.write("%f %d\n" % (secs, nbytes // line_len))
PY

"$jdk/bin/jfr" print --json --stack-depth 64 \
  --events jdk.ObjectAllocationOutsideTLAB,jdk.FileWrite \
  "$work/flood.jfr" > "$work/flood.json"
python3 - "$work" <<'PY'
import collections, json, sys
work = sys.argv[1]
secs, lines = open(work + "/flood.txt").read().split()
lines = int(lines)
events = json.load(open(work + "/flood.json"))["recording"]["events"]

def on_main(e):
    t = e["values"].get("eventThread")
    return t is not None and t["javaName"] == "main"

writes = sorted(e["values"]["startTime"] for e in events
                if e["type"] == "jdk.FileWrite" and on_main(e) and e["values"]["path"].endswith("/ctr.log"))
allocs = [e for e in events if e["type"] == "jdk.ObjectAllocationOutsideTLAB" and on_main(e)]
print("main thread: %d allocations in the whole run (start-up and exit included), %d writes of the log"
      % (len(allocs), len(writes)))
first, last = writes[0], writes[-1]
during = [e for e in allocs if first <= e["values"]["startTime"] <= last]
sites = collections.Counter()
size = collections.Counter()
for e in during:
    frames = e["values"]["stackTrace"]["frames"][:4]
    where = " <- ".join("%s.%s" % (f["method"]["type"]["name"].split("/")[-1], f["method"]["name"]) for f in frames)
    key = (e["values"]["objectClass"]["name"], where)
    sites[key] += 1
    size[key] += e["values"]["allocationSize"]
total = sum(size.values())
print("between the first and the last write of the log (%s .. %s):" % (first[11:23], last[11:23]))
print("  %d allocations, %d bytes, for %d lines: %.6f bytes per line" % (len(during), total, lines, total / lines))
for (cls, where), n in sites.most_common(20):
    print("  %6d x %-40s %7d bytes  at %s" % (n, cls, size[(cls, where)], where))
PY

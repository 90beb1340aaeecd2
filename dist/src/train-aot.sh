#!/usr/bin/env bash
# Trains <image>/lib/jconmon.aot by running the monitor the way an engine does, against a fake
# OCI runtime (no root, no runc needed): the launcher, the CLI, the k8s-file driver, a plugins.d
# driver (lib/aot-training, built by build-image.sh), the event loop and the exit path all run
# once, and the JVM records what it loaded and linked.
# Usage: train-aot.sh IMAGE
set -euo pipefail
image=$(cd "$1" && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP_TRAINING_DIR:-}" ] || rm -rf "$work"' EXIT
aot="$image/lib/jconmon.aot"
rm -f "$aot"
"$(dirname "$0")/write-jvm-args.sh" "$image" --no-aot > "$image/lib/jvm.args"

# A fake runtime: "create" starts a process that writes to stdout/stderr, records its pid, exits 0.
cat > "$work/fake-runtime" <<'RT'
#!/bin/sh
pidfile=""
while [ $# -gt 0 ]; do case "$1" in --pid-file) pidfile=$2; shift;; esac; shift; done
( sleep 0.3; i=0; while [ $i -lt 300 ]; do echo "training line $i"; echo "training err $i" >&2; i=$((i+1)); done; printf 'partial' ) &
echo $! > "$pidfile"
RT
chmod +x "$work/fake-runtime"
mkdir -p "$work/exits" "$work/persist" "$work/bundle"

JCONMON_JAVA_OPTIONS="-XX:AOTCacheOutput=$aot" "$image/bin/jconmon" --api-version 1 \
  -c trainingcontainer0123456789 -u trainingcontainer0123456789 -r "$work/fake-runtime" -b "$work/bundle" \
  -p "$work/bundle/pidfile" -n training --exit-dir "$work/exits" --persist-dir "$work/persist" \
  --full-attach -l "k8s-file:$work/ctr.log" --log-level warning --log-size-max 20000 \
  --plugins-dir "$image/lib/aot-training/plugins.d" -l "aot-training:$work/plugin.log" \
  -P "$work/conmon.pid" --exit-command /bin/true --exit-command-arg cleanup

# An engine's control messages while it runs (resize, reopen): their code must be in the cache too,
# since a terminal resize must reach the pty before the container's first command reads it.
for msg in '1 24 80' '1 0x 5' '2 0 0' '1 40 120'; do
  printf '%s\n' "$msg" > "$work/bundle/ctl" 2>/dev/null || true
  sleep 0.05
done

# The monitor runs on after the launcher returns; the cache is written when it exits.
for _ in $(seq 300); do
  if [ -f "$work/exits/trainingcontainer0123456789" ] && ! kill -0 "$(cat "$work/conmon.pid")" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ ! -f "$work/exits/trainingcontainer0123456789" ] || [ ! -f "$work/ctr.log" ] || [ ! -s "$work/plugin.log" ]; then
  echo "train-aot: the training container did not complete (no exit file or log); see syslog (journalctl -t conmon)" >&2
  exit 1
fi
for _ in $(seq 300); do [ -s "$aot" ] && ! pgrep -f "AOTCacheOutput=$aot" >/dev/null && break; sleep 0.1; done
if [ ! -s "$aot" ]; then
  echo "train-aot: no AOT cache was produced" >&2
  exit 1
fi
"$(dirname "$0")/write-jvm-args.sh" "$image" > "$image/lib/jvm.args"
echo "train-aot: $(du -h "$aot" | cut -f1) cache from $(wc -l < "$work/ctr.log") log lines"

#!/usr/bin/env bash
# The main job, from a fresh clone: set up the host, build jconmon, and run a real busybox
# container under it exactly the way Podman drives conmon (sync and start pipes, exit dir,
# persist dir, k8s-file log, conmon pidfile, exit command), then show its log and exit code.
# Usage: sudo scripts/demo.sh [runc|crun]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runtime=/usr/bin/${1:-runc}
bash "$root/scripts/setup-host.sh"
"$root/scripts/mvn.sh" -q -DskipTests package
jconmon=$root/dist/target/jconmon/bin/jconmon

work=$(mktemp -d /tmp/jconmon-demo.XXXXXX)
id=demo$(date +%s%N)
"$root/scripts/make-bundle.sh" "$work/bundle" -- /bin/sh -c \
  'echo "hello from a container under jconmon"; echo "this line went to stderr" >&2; printf "no newline at the end"; exit 3'
mkdir -p "$work/exits" "$work/persist"
mkfifo "$work/sync" "$work/start"
exec 5<>"$work/sync" 6<>"$work/start"

echo "== $($jconmon --version | head -1) ($jconmon), runtime $runtime"
_OCI_SYNCPIPE=5 _OCI_STARTPIPE=6 "$jconmon" --api-version 1 -c "$id" -u "$id" -r "$runtime" \
  -b "$work/bundle" -p "$work/bundle/pidfile" -n demo --exit-dir "$work/exits" \
  --persist-dir "$work/persist" --full-attach -l "k8s-file:$work/ctr.log" --log-level warning --syslog \
  -P "$work/conmon.pid" --exit-command /bin/sh --exit-command-arg -c \
  --exit-command-arg "echo exit command ran > $work/cleanup" &
launcher=$!
printf '\0' >&6                      # the engine releases the monitor after placing it in a cgroup
wait "$launcher"                     # P1 exits once the monitor is ready
read -r -t 30 -u 5 sync || { echo "no answer on the sync pipe" >&2; exit 1; }
echo "== sync pipe: $sync    monitor pid: $(cat "$work/conmon.pid")"
"$runtime" start "$id"               # conmon only creates; the engine starts
for _ in $(seq 100); do [ -f "$work/exits/$id" ] && break; sleep 0.1; done
for _ in $(seq 50); do [ -f "$work/cleanup" ] && break; sleep 0.1; done
echo "== k8s-file log ($work/ctr.log):"
cat "$work/ctr.log"; echo
echo "== exit code: $(cat "$work/exits/$id") (persist dir: $(cat "$work/persist/exit"))"
echo "== exit command: $(cat "$work/cleanup" 2>/dev/null || echo 'did not run')"
"$runtime" delete -f "$id" >/dev/null 2>&1 || true

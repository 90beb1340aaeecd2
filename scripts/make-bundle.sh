#!/usr/bin/env bash
# Makes an OCI bundle with a busybox root filesystem (no registry needed), for runc and crun.
# Usage: make-bundle.sh DIR [--tty] -- COMMAND [ARG...]
set -euo pipefail
dir=$1; shift
tty=false
if [ "${1:-}" = "--tty" ]; then tty=true; shift; fi
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: make-bundle.sh DIR [--tty] -- COMMAND [ARG...]" >&2; exit 2; }
busybox=$(command -v busybox || echo /bin/busybox)
mkdir -p "$dir/rootfs"/{bin,proc,sys,dev,tmp,etc,root,run}
cp "$busybox" "$dir/rootfs/bin/busybox"
for a in $("$dir/rootfs/bin/busybox" --list); do [ "$a" = busybox ] || ln -sf busybox "$dir/rootfs/bin/$a"; done
rm -f "$dir/config.json"
(cd "$dir" && runc spec)
python3 - "$dir/config.json" "$tty" "$@" <<'PY'
import json, sys
path, tty, args = sys.argv[1], sys.argv[2] == "true", sys.argv[3:]
c = json.load(open(path))
c["process"]["terminal"] = tty
c["process"]["args"] = args
c["process"]["env"] = ["PATH=/bin", "TERM=xterm"]
c["root"] = {"path": "rootfs", "readonly": False}
json.dump(c, open(path, "w"), indent=2)
PY

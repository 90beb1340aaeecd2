#!/usr/bin/env bash
# Installs and prepares everything jconmon's build, demo and tests need on a fresh Debian 12 host.
# Idempotent; needs root (apt). See ../shared/spec/host-setup.md for why each step exists.
set -euo pipefail

need_pkgs=(runc crun conmon podman busybox-static uidmap fuse-overlayfs slirp4netns catatonit
           containernetworking-plugins socat systemd strace gcc g++ make procps python3 curl unzip
           rsyslog libc6-dev)  # libc6-dev: gcc -static (it-tests' NumberedLines generator); gcc only recommends it
missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-host: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Installing rsyslog may start a system rsyslogd, which would take /dev/log from journald; the syslog
# plugin's tests start their own rsyslogd on private sockets instead.
if [ -f /run/rsyslogd.pid ] && kill -0 "$(cat /run/rsyslogd.pid)" 2>/dev/null; then
  kill "$(cat /run/rsyslogd.pid)"
  ln -sf /run/systemd/journal/dev-log /dev/log
fi

# crun refuses cgroup v1 "hybrid" hosts until hugetlb has a v1 hierarchy (host-setup.md quirk 1).
if [ -d /sys/fs/cgroup/unified ] && [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
  mkdir -p /sys/fs/cgroup/hugetlb
  mountpoint -q /sys/fs/cgroup/hugetlb || mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb || true
fi

# journald runs standalone: there is no systemd here (host-setup.md quirk 3).
if [ ! -S /run/systemd/journal/socket ] || ! pgrep -x systemd-journal >/dev/null; then
  mkdir -p /run/systemd/journal
  setsid /lib/systemd/systemd-journald </dev/null >/run/journald.out 2>&1 &
  for _ in $(seq 50); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
  ln -sf /run/systemd/journal/dev-log /dev/log
fi

# JDK 25: the build needs it (it is not the default java here).
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  ls -d /usr/lib/jvm/temurin-25* >/dev/null 2>&1 || {
    echo "setup-host: no JDK 25 found (set JAVA_HOME or install Temurin 25 under /usr/lib/jvm)" >&2; exit 1; }
fi
echo "setup-host: ok"

#!/usr/bin/env bash
# Every test, from a fresh clone: set up the host (packages, journald, cgroup fix), build, run
# the unit tests, assemble the install image, and run the end-to-end tests against real runc and
# crun containers, under jconmon and under the C conmon.
# Usage: sudo scripts/test.sh [extra Maven arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup-host.sh"
exec "$root/scripts/mvn.sh" -B -ntp verify "$@"

#!/usr/bin/env bash
# Installs the jconmon image under a prefix: PREFIX/lib/jconmon (the image) and PREFIX/bin/jconmon
# (a symlink to its launcher). The AOT cache is retrained in place, because a cache is only valid
# for the paths it was trained with.
# Usage: scripts/install.sh PREFIX      |   scripts/install.sh --uninstall PREFIX
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "--uninstall" ]; then
  prefix=${2:?usage: install.sh --uninstall PREFIX}
  rm -rf "$prefix/lib/jconmon"; rm -f "$prefix/bin/jconmon"; exit 0
fi
prefix=${1:?usage: install.sh PREFIX}
image=$root/dist/target/jconmon
[ -x "$image/bin/jconmon" ] || "$root/scripts/mvn.sh" -q -DskipTests package
mkdir -p "$prefix/lib" "$prefix/bin"
rm -rf "$prefix/lib/jconmon"
cp -a "$image" "$prefix/lib/jconmon"
ln -sfn "$prefix/lib/jconmon/bin/jconmon" "$prefix/bin/jconmon"
bash "$root/dist/src/train-aot.sh" "$prefix/lib/jconmon"
"$prefix/bin/jconmon" --version

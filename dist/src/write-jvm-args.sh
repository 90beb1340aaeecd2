#!/usr/bin/env bash
# Prints the JVM flags the launcher passes (one per line; @HOME@ is the image root).
# Each flag is here for start-up time or memory per monitor; see docs/PERFORMANCE.md.
# Usage: write-jvm-args.sh IMAGE [--no-aot]
set -euo pipefail
image=$1
cp=""
for j in jconmon-plugin-api jconmon-monitor-core jconmon-builtin-drivers; do
  cp="$cp${cp:+:}@HOME@/lib/jars/$j.jar"
done
cat <<ARGS
# Signals stay blocked for the signalfd (the launcher blocks them); no JVM signal handlers.
-Xrs
-XX:+UseSerialGC
-XX:TieredStopAtLevel=1
-XX:-UsePerfData
-XX:+DisableAttachMechanism
-XX:+UseCompactObjectHeaders
-Xss512k
-Xms4m
-Xmx64m
-XX:MaxMetaspaceSize=32m
-XX:ReservedCodeCacheSize=16m
-XX:CICompilerCount=1
# The JVM must never print to stdout (Podman reads it); errors only, to stderr.
-Xlog:disable
-Xlog:all=error:stderr
--enable-native-access=ALL-UNNAMED
-cp
$cp
ARGS
if [ "${2:-}" != "--no-aot" ] && [ -f "$image/lib/jconmon.aot" ]; then
  echo "-XX:AOTCache=@HOME@/lib/jconmon.aot"
fi

#!/usr/bin/env bash
# Prints the JVM flags the launcher passes (one per line; @HOME@ is the image root).
# Each flag is here for start-up time or memory per monitor; see docs/PERFORMANCE.md.
# Usage: write-jvm-args.sh IMAGE [--no-aot]   (the versions come from IMAGE/lib/versions)
set -euo pipefail
image=$1
. "$image/lib/versions"
cp=""
for j in jconmon-plugin-api jconmon-monitor-core jconmon-builtin-drivers; do
  cp="$cp${cp:+:}@HOME@/lib/jars/$j.jar"
done
cat <<ARGS
# Signals stay blocked for the signalfd (the launcher blocks them); no JVM signal handlers.
-Xrs
-XX:+UseSerialGC
# C1 only: with C2 too, start-up was ~10 ms slower, idle PSS ~1 MB larger, and 500 MB log floods
# no faster (C2's compilations cost what its code saves; docs/PERFORMANCE.md, log throughput).
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
# Compile only what is really hot: right after start-up the JIT thread competes with the engine and
# the runtime for the host's cores, which delayed the monitor's reaction to a terminal resize
# (docs/PERFORMANCE.md). Hot loops (log floods) still compile within the first megabyte.
-XX:CompileThresholdScaling=10
# Give freed C heap (JIT arenas after start-up) back to the OS: about -6 MB idle PSS.
-XX:TrimNativeHeapInterval=5000
# Map the AOT cache at its build-time address instead of relocating it (the default since JDK 21),
# so its pages stay clean and are shared by every monitor on the host instead of copied into each.
-XX:+UnlockDiagnosticVMOptions
-XX:ArchiveRelocationMode=0
# The JVM must never print to stdout (Podman reads it); errors only, to stderr.
-Xlog:disable
-Xlog:all=error:stderr
--enable-native-access=ALL-UNNAMED
-Djconmon.version=$JCONMON_VERSION
-Djconmon.conmonVersion=$CONMON_VERSION
-cp
$cp
ARGS
if [ "${2:-}" != "--no-aot" ] && [ -f "$image/lib/jconmon.aot" ]; then
  echo "-XX:AOTCache=@HOME@/lib/jconmon.aot"
fi

#!/usr/bin/env bash
# C-driver bridge benchmark (docs/PERFORMANCE.md, "C drivers"): write throughput through the JNI
# bridge vs the same driver in Java, and what loading a C driver costs.
# Needs a build: scripts/mvn.sh -DskipTests package (native-abi/target/bin, monitor-core/target/classes).
# Usage: bench/cdriver/run.sh [SECONDS_PER_RUN]   (default 2; output on /dev/shm to keep the disk out)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-2}
java_home=${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* | sort -r | head -1)}
bin=$root/native-abi/target/bin
cp=$root/plugin-api/target/classes:$root/monitor-core/target/classes
out=$here/target
mkdir -p "$out/classes"
"$java_home/bin/javac" -XDstringConcat=inline -d "$out/classes" -cp "$cp" "$here"/src/*.java
# The monitor's own JVM flags (dist/src/write-jvm-args.sh), minus the AOT cache.
flags=(-Xrs -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:+UseCompactObjectHeaders -Xss512k
       -Xms4m -Xmx64m -XX:CICompilerCount=1 -XX:CompileThresholdScaling=10 --enable-native-access=ALL-UNNAMED
       -Djconmon.driverBridgeLibrary=$bin/libjconmon-driver-bridge.so -Djconmon.nativeLibrary=$bin/libjconmon-native.so
       -Djconmon.exampleDrivers=$bin/drivers -Djconmon.testDrivers=$bin/test-drivers -cp "$out/classes:$cp")
run() { "$java_home/bin/java" "${flags[@]}" CDriverBench "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

shm=$(mktemp -d /dev/shm/cdriver-bench.XXXXXX)
trap 'rm -rf "$shm"' EXIT
echo "== throughput, records/s of wall time and of CPU time (4 measured rounds per variant, ${seconds} s each, alternating; median)"
for size in 100 8192; do
  run throughput "$shm" "$size" "$seconds" > "$out/throughput-$size.txt"
  grep '^check' "$out/throughput-$size.txt"
  for v in c-example java-example c-noop java-noop; do
    printf '%-13s %5d B  wall %10.0f  cpu %10.0f\n' "$v" "$size" \
      "$(awk -v v="$v" '$1 == v {print $3}' "$out/throughput-$size.txt" | median)" \
      "$(awk -v v="$v" '$1 == v {print $4}' "$out/throughput-$size.txt" | median)"
  done
done

echo "== first use of a C driver, ms (median of 15 JVMs): bridge + dlopen + entry, then open"
for mode in cold warm; do
  for i in $(seq 15); do run loadcost $mode; done > "$out/loadcost-$mode.txt"
  f=$out/loadcost-$mode.txt
  echo "$mode JVM: load $(awk '{print $2}' "$f" | median)  open $(awk '{print $4}' "$f" | median)  load+open+close again $(awk '{print $6}' "$f" | median)  load+open CPU $(awk '{print $8}' "$f" | median)"
done

echo "== System.load of the monitor's JNI library alone vs merged with the bridge, ms (median of 15, alternating)"
# merged: both sources in one library, the bridge's JNI_OnLoad renamed away (it would resolve the
# bridge's Java callback class on every monitor start); merged+onload: as the sources are.
cc_jni=(gcc -O2 -shared -fPIC -I"$root/native-abi/include" -I"$java_home/include" -I"$java_home/include/linux" -pthread)
"${cc_jni[@]}" -DJNI_OnLoad=bridge_onload_unused -o "$out/libmerged.so" \
    "$root/native-abi/src/jni_syscall.c" "$root/native-abi/src/jni_driver_bridge.c" -ldl
"${cc_jni[@]}" -o "$out/libmerged-onload.so" "$root/native-abi/src/jni_syscall.c" "$root/native-abi/src/jni_driver_bridge.c" -ldl
for i in $(seq 15); do
  echo "alone $(run sysload "$bin/libjconmon-native.so" | awk '{print $2}')"
  echo "merged $(run sysload "$out/libmerged.so" | awk '{print $2}')"
  echo "merged+onload $(run sysload "$out/libmerged-onload.so" | awk '{print $2}')"
done > "$out/sysload.txt"
for v in alone merged merged+onload; do
  printf '%s %s  ' "$v" "$(awk -v v="$v" '$1 == v {print $2}' "$out/sysload.txt" | median)"
done
echo

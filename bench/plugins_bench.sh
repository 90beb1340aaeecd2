#!/usr/bin/env bash
# What plugins.d discovery costs a container start (docs/PERFORMANCE.md, "plugins.d discovery").
# Runs the image's launcher with --sync (the JVM runs in the foreground, so its CPU time is
# measurable) against a fake OCI runtime whose container prints one line and exits (no root
# needed), alternating scenarios, and prints medians of: CPU time (user+sys of the whole run: the
# least noisy figure on a shared machine), wall time, and the monitor's own "main -> log drivers
# open" mark (parsing the command line, which looks the drivers up, plus opening them).
# Scenarios: only built-in drivers selected with 0 and 10 plugins installed; one plugin driver
# selected with 1 and 10 plugins installed, with plugin.properties, and 10 without.
# Usage: bench/plugins_bench.sh [RUNS]   (needs dist/target/jconmon and a JDK 25 for javac)
set -euo pipefail
runs=${1:-15}
root=$(cd "$(dirname "$0")/.." && pwd)
image=$root/dist/target/jconmon
: "${JAVA_HOME:=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Ten plugins, each its own jar with one driver "benchN" that writes records to a file.
mkdir -p "$work/src" "$work/classes"
for i in $(seq 0 9); do
  mkdir -p "$work/src/bench$i"
  cat > "$work/src/bench$i/Plugin.java" <<JAVA
package bench$i;
import io.jconmon.spi.*;
import java.io.*;
import java.util.*;
public final class Plugin implements LogDriverPlugin {
  public Iterable<LogDriverFactory> driverFactories() {
    return List.of(new LogDriverFactory() {
      public String name() { return "bench$i"; }
      public Set<String> optionNames() { return Set.of("path"); }
      public LogDriver open(ContainerInfo c, Map<String, String> o, DriverContext ctx) throws LogDriverException {
        try {
          OutputStream out = new FileOutputStream(o.get("path"));
          return new LogDriver() {
            public WriteResult write(LogRecord r) {
              byte[] b = new byte[r.length()]; r.content().get(b);
              try { out.write(b); out.write('\n'); return WriteResult.ACCEPTED; } catch (IOException e) { return WriteResult.FAILED; }
            }
            public void close() { try { out.close(); } catch (IOException e) { } }
          };
        } catch (IOException e) { throw new LogDriverException(e.getMessage()); }
      }
    });
  }
}
JAVA
done
"$JAVA_HOME/bin/javac" --release 25 -d "$work/classes" -cp "$image/lib/jars/jconmon-plugin-api.jar" "$work"/src/*/Plugin.java
for i in $(seq 0 9); do
  mkdir -p "$work/jar$i/META-INF/services"
  cp -r "$work/classes/bench$i" "$work/jar$i/"
  echo "bench$i.Plugin" > "$work/jar$i/META-INF/services/io.jconmon.spi.LogDriverPlugin"
  "$JAVA_HOME/bin/jar" --create --file "$work/bench$i.jar" -C "$work/jar$i" .
done

# plugins directories: none, one, ten with plugin.properties, ten without
mkdir -p "$work/p0" "$work/p1/bench0" "$work/p10"/bench{0..9} "$work/p10bare"/bench{0..9}
cp "$work/bench0.jar" "$work/p1/bench0/"; echo "drivers=bench0" > "$work/p1/bench0/plugin.properties"
for i in $(seq 0 9); do
  cp "$work/bench$i.jar" "$work/p10/bench$i/"; echo "drivers=bench$i" > "$work/p10/bench$i/plugin.properties"
  cp "$work/bench$i.jar" "$work/p10bare/bench$i/"
done

cat > "$work/fake-runtime" <<'RT'
#!/bin/sh
pidfile=""
while [ $# -gt 0 ]; do case "$1" in --pid-file) pidfile=$2; shift;; esac; shift; done
( echo "one line" ) &
echo $! > "$pidfile"
RT
chmod +x "$work/fake-runtime"

# run NAME PLUGINS_DIR EXTRA_LOG_SPEC: one container; appends "p1_ms open_ms" to $work/NAME
run() {
  local name=$1 dir=$2 spec=$3 c="$work/c-$RANDOM$RANDOM"
  mkdir -p "$c/exits" "$c/persist" "$c/bundle"
  local extra=()
  [ -n "$spec" ] && extra=(-l "$spec:$c/plugin.out")
  local TIMEFORMAT='%3U %3S %3R' times
  times=$( { time JCONMON_JAVA_OPTIONS="-Djconmon.startupTrace=$c/trace" "$image/bin/jconmon" --api-version 1 \
    -c benchcontainer0123456789 -u benchcontainer0123456789 -r "$work/fake-runtime" -b "$c/bundle" \
    -p "$c/bundle/pidfile" -n bench --exit-dir "$c/exits" --persist-dir "$c/persist" --full-attach \
    -l "k8s-file:$c/ctr.log" "${extra[@]}" --plugins-dir "$dir" --log-level warning --sync \
    > /dev/null 2>&1; } 2>&1 )
  local open_ms
  open_ms=$(awk '/log drivers open/{print $1}' "$c/trace")
  # cpu_ms wall_ms open_ms
  echo "$times $open_ms" | awk '{printf "%d %d %s\n", ($1+$2)*1000, $3*1000, $4}' >> "$work/$name"
  if [ -n "$spec" ] && ! grep -q "one line" "$c/plugin.out"; then echo "plugin driver wrote nothing in $name" >&2; exit 1; fi
  rm -rf "$c"
}

scenarios=("builtin-0:$work/p0:" "builtin-10:$work/p10:" "plugin-1:$work/p1:bench0"
           "plugin-10-declared:$work/p10:bench9" "plugin-10-undeclared:$work/p10bare:bench9")
for r in $(seq "$runs"); do
  for s in "${scenarios[@]}"; do
    IFS=: read -r name dir spec <<< "$s"
    run "$name" "$dir" "$spec"
  done
done

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "| scenario | CPU ms (median) | wall ms (median) | main -> log drivers open ms (median) |"
echo "|---|---:|---:|---:|"
for s in "${scenarios[@]}"; do
  IFS=: read -r name _ _ <<< "$s"
  echo "| $name | $(awk '{print $1}' "$work/$name" | median) | $(awk '{print $2}' "$work/$name" | median) |" \
       "$(awk '{print $3}' "$work/$name" | median) |"
done
echo
echo "$runs runs per scenario, alternating; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"

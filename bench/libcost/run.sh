#!/usr/bin/env bash
# bench/libcost/run.sh — start-path cost of candidate libraries for the jconmon monitor JVM.
#
# Does everything: fetch jars (via the pinned scripts/mvn.sh) into target/lib, compile src/*.java
# with plain javac (and src/jni_syscall.c with gcc: the jni variant's library), package one jar per
# variant, train one AOT cache per variant, then measure
#   * wall time (RUNS rounds; hyperfine -N --runs 1 per round if installed, else date +%s%N),
#   * max RSS (/usr/bin/time -f %M, RSS_RUNS rounds),
#   * Pss and Private_Dirty from /proc/<pid>/smaps_rollup 2 s after start (PSS_RUNS rounds; the
#     program is started with -Dlibcost.sleep=true so it sleeps at the end of main),
# for every variant x mode (cds = default CDS archive, aot = per-variant AOT cache).
# In every round all variant x mode commands run once each, in an order rotated by one per round,
# so that drift/noise is spread over all variants instead of hitting one block.
# Output: a markdown table on stdout and target/results.md (table + machine/JDK/library metadata).
#
# Env knobs: RUNS (20), RSS_RUNS (5), PSS_RUNS (3), PSS_DELAY (2), VARIANTS (space-separated subset),
#            JAVA_HOME (must be a JDK 25; default /usr/lib/jvm/temurin-25-jdk-amd64).
set -euo pipefail
set -f   # command strings are split on spaces below; no globbing wanted

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
T=$here/target
RUNS=${RUNS:-20}
RSS_RUNS=${RSS_RUNS:-5}
PSS_RUNS=${PSS_RUNS:-3}
PSS_DELAY=${PSS_DELAY:-2}

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | head -1 | grep -q '"25'; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA=$JAVA_HOME/bin/java

JNA_V=5.19.1
PICOCLI_V=4.7.7
JACKSON_V=2.23.0
JACKSON_ANN_V=2.23          # jackson-annotations dropped the patch digit from 2.20 on

# ---------------------------------------------------------------- 1. fetch
mkdir -p "$T/lib" "$T/classes" "$T/app" "$T/aot" "$T/raw"
fetch() {  # groupId:artifactId:version
  local a=${1#*:}; local jar="$T/lib/${a%%:*}-${a#*:}.jar"
  [ -s "$jar" ] && return 0
  echo "fetch $1" >&2
  "$root/scripts/mvn.sh" -q -N dependency:copy -Dartifact="$1" -DoutputDirectory="$T/lib" >/dev/null 2>"$T/raw/mvn.err" \
    || { cat "$T/raw/mvn.err" >&2; exit 1; }
}
fetch net.java.dev.jna:jna:$JNA_V
fetch info.picocli:picocli:$PICOCLI_V
fetch com.fasterxml.jackson.core:jackson-core:$JACKSON_V
fetch com.fasterxml.jackson.core:jackson-annotations:$JACKSON_ANN_V
fetch com.fasterxml.jackson.core:jackson-databind:$JACKSON_V
L=$T/lib
JNA_CP=$L/jna-$JNA_V.jar
PICOCLI_CP=$L/picocli-$PICOCLI_V.jar
JCORE_CP=$L/jackson-core-$JACKSON_V.jar
JDATABIND_CP=$L/jackson-databind-$JACKSON_V.jar:$L/jackson-annotations-$JACKSON_ANN_V.jar:$JCORE_CP

# ---------------------------------------------------------------- 2. compile + one jar per variant
# -XDstringConcat=inline: our own code never bootstraps StringConcatFactory (keeps variants honest).
rm -rf "$T/classes" && mkdir -p "$T/classes"
"$JAVA_HOME/bin/javac" --release 25 -XDstringConcat=inline -Xlint:all,-serial,-restricted -d "$T/classes" \
  -cp "$JNA_CP:$PICOCLI_CP:$JDATABIND_CP" $(find "$here/src" -name "*.java" | sort)

# JNA by default extracts libjnidispatch.so from its jar into ~/.cache/JNA/temp on every start.
# The *_pre variants load a copy extracted once at build time (what a packaged monitor would ship).
JNIDISPATCH=$T/jnidispatch
rm -rf "$JNIDISPATCH" && mkdir -p "$JNIDISPATCH"
(cd "$JNIDISPATCH" && "$JAVA_HOME/bin/jar" xf "$JNA_CP" com/sun/jna/linux-x86-64/libjnidispatch.so \
  && mv com/sun/jna/linux-x86-64/libjnidispatch.so . && rm -rf com)
JNA_PRE=-Djna.boot.library.path=$JNIDISPATCH

# The jni variant's library: src/jni_syscall.c (one JNI method around syscall(2), like
# native-abi/src/jni_syscall.c), built with the project's gcc flags; Jni.java System.load()s it.
JNI_SO=$T/jni/libcost_jni.so
mkdir -p "$T/jni"
gcc -O2 -Wall -Wextra -Werror -std=gnu11 -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" -fPIC -shared \
  -o "$JNI_SO" "$here/src/jni_syscall.c"
JNI_LIB=-Dlibcost.jni=$JNI_SO

# name | main class | extra classes | library classpath | extra JVM flags (no spaces)
VARIANT_SPECS="
baseline|Baseline||
ffm|Ffm||
jni|Jni|||$JNI_LIB
jna_direct|JnaDirect||$JNA_CP
jna_iface|JnaIface||$JNA_CP
jna_direct_pre|JnaDirect||$JNA_CP|$JNA_PRE
jna_iface_pre|JnaIface||$JNA_CP|$JNA_PRE
picocli|PicocliMain|Check|$PICOCLI_CP
handparse|HandParse|Check|
jackson|JacksonMain|OciDoc|$JDATABIND_CP
jacksoncore|JacksonCore|OciDoc|$JCORE_CP
handjson|HandJson||
"
# Realistic podman -> conmon argv (44 tokens), used by picocli and handparse.
ID=3f1a9c0e5b7d4e2f8a6c1b0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f
U=/var/lib/containers/storage/overlay-containers/$ID/userdata
R=/run/containers/storage/overlay-containers/$ID/userdata
ARGV="--api-version 1 -c $ID -u $ID -n web -r /usr/bin/crun -b $U -p $R/pidfile \
--exit-dir /run/libpod/exits --persist-dir /var/lib/containers/storage/overlay-containers/$ID/persist \
--full-attach -s -l k8s-file:$U/ctr.log --log-level warning --log-size-max 1048576 --syslog \
--runtime-arg --log-format=json --runtime-arg --log --runtime-arg=$R/oci-log --conmon-pidfile $R/conmon.pid \
--exit-command /usr/bin/podman --exit-command-arg --root --exit-command-arg /var/lib/containers/storage \
--exit-command-arg container --exit-command-arg cleanup"

FLAGS="-Xrs -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:+DisableAttachMechanism --enable-native-access=ALL-UNNAMED"

declare -A CP MAIN PARGS XFLAGS
VARIANTS=${VARIANTS:-$(echo "$VARIANT_SPECS" | sed '/^$/d' | cut -d'|' -f1 | tr '\n' ' ')}
for spec in $VARIANT_SPECS; do
  IFS='|' read -r v main extra libs xflags <<<"$spec"
  files="-C $T/classes $main.class"
  for c in $(cd "$T/classes" && ls | grep -E "^$main\\\$.*\\.class$" || true) $extra; do
    files="$files -C $T/classes ${c%.class}.class"
  done
  rm -f "$T/app/$v.jar"
  "$JAVA_HOME/bin/jar" --create --file "$T/app/$v.jar" $files
  CP[$v]=$T/app/$v.jar${libs:+:$libs}
  MAIN[$v]=$main
  XFLAGS[$v]=$xflags
  case $v in picocli|handparse) PARGS[$v]=$ARGV ;; *) PARGS[$v]="" ;; esac
done

cmd() {  # variant mode [extra jvm flags...] -> command string
  local v=$1 m=$2; shift 2
  local mf
  case $m in
    cds) mf="-Xshare:auto" ;;
    aot) mf="-XX:AOTCache=$T/aot/$v.aot" ;;   # -Xshare flags must not be combined with AOTCache
    train) mf="-XX:AOTCacheOutput=$T/aot/$v.aot" ;;
  esac
  echo "$JAVA $FLAGS $mf ${XFLAGS[$v]} $* -cp ${CP[$v]} ${MAIN[$v]} ${PARGS[$v]}"
}

# ---------------------------------------------------------------- 3. sanity + AOT training
for v in $VARIANTS; do
  out=$($(cmd "$v" cds) 2>&1) || { echo "variant $v failed: $out" >&2; exit 1; }
  [ -z "$out" ] || { echo "variant $v printed output (should be silent): $out" >&2; exit 1; }
  rm -f "$T/aot/$v.aot"
  # Training run = the same program run once; JDK 25 assembles the cache at exit (JEP 514).
  $(cmd "$v" train) >"$T/raw/train-$v.log" 2>&1 \
    || { cat "$T/raw/train-$v.log" >&2; exit 1; }
  # AOTMode=on: fail loudly if the cache cannot be used with these flags/classpath.
  out=$($(cmd "$v" aot -XX:AOTMode=on) 2>&1) || { echo "AOT cache for $v unusable: $out" >&2; exit 1; }
  [ -z "$out" ] || { echo "variant $v (aot) printed: $out" >&2; exit 1; }
done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
NAMES=()
for v in $VARIANTS; do for m in cds aot; do NAMES+=("$v@$m"); done; done
N=${#NAMES[@]}
rotated() {  # round -> names rotated by round
  local r=$1 i
  for ((i = 0; i < N; i++)); do echo "${NAMES[$(((i + r) % N))]}"; done
}

# class-loading census (one extra run each, not timed): total classes loaded / served from CDS or AOT archive
for nm in "${NAMES[@]}"; do
  $(cmd "${nm%@*}" "${nm#*@}" "-Xlog:class+load=info:file=$T/raw/classes-$nm.txt") >/dev/null 2>&1
done

# ---------------------------------------------------------------- 4. wall time
: >"$T/raw/time.txt"
use_hf=0; command -v hyperfine >/dev/null && use_hf=1
echo "timing: $RUNS rounds x $N commands ($([ $use_hf = 1 ] && echo hyperfine -N || echo 'date +%s%N loop'))" >&2
for ((r = 0; r <= RUNS; r++)); do   # round 0 = warm-up (page cache, JNA temp dir), discarded
  if [ $use_hf = 1 ]; then
    hfargs=()
    for nm in $(rotated $r); do hfargs+=(-n "$nm" "$(cmd "${nm%@*}" "${nm#*@}")"); done
    hyperfine -N --runs 1 --style none --export-csv "$T/raw/round.csv" "${hfargs[@]}" >/dev/null 2>"$T/raw/hf.err" \
      || { cat "$T/raw/hf.err" >&2; exit 1; }
    # csv: command,mean,stddev,median,user,system,min,max (s); keep wall and user+sys CPU in ms
    [ $r = 0 ] || awk -F, 'NR > 1 { printf "%s %.3f %.3f\n", $1, $2 * 1000, ($5 + $6) * 1000 }' "$T/raw/round.csv" >>"$T/raw/time.txt"
  else
    for nm in $(rotated $r); do
      c=$(cmd "${nm%@*}" "${nm#*@}")
      t0=$(date +%s%N); $c >/dev/null 2>&1; t1=$(date +%s%N)
      [ $r = 0 ] || echo "$nm $(((t1 - t0) / 1000)).000" | awk '{ printf "%s %.3f nan\n", $1, $2 / 1000 }' >>"$T/raw/time.txt"
    done
  fi
  printf '.' >&2
done
echo >&2

# ---------------------------------------------------------------- 5. max RSS
: >"$T/raw/rss.txt"
echo "max RSS: $RSS_RUNS rounds" >&2
for ((r = 0; r < RSS_RUNS; r++)); do
  for nm in $(rotated $r); do
    /usr/bin/time -f "$nm %M" -a -o "$T/raw/rss.txt" $(cmd "${nm%@*}" "${nm#*@}") >/dev/null
  done
done

# ---------------------------------------------------------------- 6. Pss / Private_Dirty after PSS_DELAY s
: >"$T/raw/pss.txt"
echo "Pss: $PSS_RUNS rounds x ${PSS_DELAY}s" >&2
for ((r = 0; r < PSS_RUNS; r++)); do
  for nm in $(rotated $r); do
    $(cmd "${nm%@*}" "${nm#*@}" -Dlibcost.sleep=true) >/dev/null 2>&1 &
    pid=$!
    sleep "$PSS_DELAY"
    if ! kill -0 $pid 2>/dev/null; then echo "$nm exited before the Pss probe" >&2; exit 1; fi
    awk -v n="$nm" '/^Pss:/ { p = $2 } /^Private_Dirty:/ { d = $2 } END { print n, p, d }' /proc/$pid/smaps_rollup >>"$T/raw/pss.txt"
    kill -KILL $pid; wait $pid 2>/dev/null || true
  done
done

# ---------------------------------------------------------------- 7. table
stats() {  # file name column -> "median p90" (p90 = nearest rank)
  awk -v n="$2" -v c="$3" '$1 == n { print $c }' "$1" | sort -g | awk '
    { a[NR] = $1 } END {
      if (NR == 0) { print "nan nan"; exit }
      med = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
      k = int(0.9 * NR); if (k < 0.9 * NR) k++; print med, a[k] }'
}
declare -A MED
for nm in "${NAMES[@]}"; do MED[$nm]=$(stats "$T/raw/time.txt" "$nm" 2 | cut -d' ' -f1); done
table() {
  echo "| variant | mode | median ms | p90 ms | Δ vs baseline ms | CPU ms | max RSS MB | Pss MB | Private_Dirty MB | classes (archived) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for nm in "${NAMES[@]}"; do
    v=${nm%@*}; m=${nm#*@}
    read -r med p90 <<<"$(stats "$T/raw/time.txt" "$nm" 2)"
    base=${MED[baseline@$m]:-nan}
    cpu=$(stats "$T/raw/time.txt" "$nm" 3 | cut -d' ' -f1)
    rss=$(stats "$T/raw/rss.txt" "$nm" 2 | cut -d' ' -f1)
    pss=$(stats "$T/raw/pss.txt" "$nm" 2 | cut -d' ' -f1)
    pd=$(stats "$T/raw/pss.txt" "$nm" 3 | cut -d' ' -f1)
    cl="$(grep -c . "$T/raw/classes-$nm.txt") ($(grep -c 'shared objects file' "$T/raw/classes-$nm.txt"))"
    awk -v v="$v" -v m="$m" -v med="$med" -v p90="$p90" -v b="$base" -v cpu="$cpu" -v rss="$rss" -v pss="$pss" -v pd="$pd" -v cl="$cl" 'BEGIN {
      d = (b == "nan") ? "n/a" : sprintf("%+.1f", med - b)
      c = (cpu == "nan") ? "n/a" : sprintf("%.0f", cpu)
      printf "| %s | %s | %.1f | %.1f | %s | %s | %.1f | %.1f | %.1f | %s |\n", v, m, med, p90, d, c, rss / 1024, pss / 1024, pd / 1024, cl }'
  done
}
TABLE=$(table)
echo "$TABLE"

{
  echo "# libcost results ($(date -u))"
  echo
  echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), kernel $(uname -r)"
  echo "- JDK: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "- libraries: jna $JNA_V, picocli $PICOCLI_V, jackson-databind/jackson-core $JACKSON_V (+ jackson-annotations $JACKSON_ANN_V)"
  echo "- JVM flags (both modes): \`$FLAGS\` + cds: \`-Xshare:auto\` | aot: \`-XX:AOTCache=<variant>.aot\` (trained with \`-XX:AOTCacheOutput\`)"
  echo "- wall time: $RUNS rounds ($([ $use_hf = 1 ] && echo "hyperfine $(hyperfine --version | cut -d' ' -f2) -N --runs 1 per round" || echo 'date +%s%N'); order rotated each round, 1 warm-up round discarded)"
  echo "- CPU ms: median user+sys CPU time of the timed runs (hyperfine); less sensitive to scheduling noise than wall time"
  echo '- jni: one JNI method (`syscall6`, src/jni_syscall.c built with gcc -O2) loaded with `System.load`, native memory from a java.lang.foreign arena'
  echo '- jna_*: JNA default behaviour (extracts libjnidispatch.so into ~/.cache/JNA/temp on every start); jna_*_pre: `-Djna.boot.library.path=<dir>` with a copy extracted once at build time'
  echo "- loadavg (1/5/15 min) before timing: $LOAD_BEFORE; after Pss probes: $(cut -d' ' -f1-3 /proc/loadavg) (2 vCPUs, shared VM: expect noise)"
  echo "- classes (archived): classes loaded in one run (-Xlog:class+load), in brackets how many came from the CDS/AOT archive"
  echo "- max RSS: median of $RSS_RUNS runs of /usr/bin/time -f %M; Pss / Private_Dirty: median of $PSS_RUNS probes of /proc/<pid>/smaps_rollup ${PSS_DELAY}s after start (-Dlibcost.sleep=true), one JVM alive at a time"
  echo
  echo "$TABLE"
} >"$T/results.md"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$T/runs/$stamp"
cp "$T/raw/time.txt" "$T/raw/rss.txt" "$T/raw/pss.txt" "$T/results.md" "$T/runs/$stamp/"
echo "(written: $T/results.md; raw data kept in $T/runs/$stamp; ./crossrun.sh compares all kept runs)" >&2

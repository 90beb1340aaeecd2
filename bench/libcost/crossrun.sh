#!/usr/bin/env bash
# bench/libcost/crossrun.sh — how stable are the deltas? For every run kept by run.sh in target/runs/*/,
# take the per-run median wall time and median CPU (user+sys) time of each variant@mode, subtract the
# same run's baseline@mode, and print the median and min..max of those deltas across runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=$(ls -d "$here"/target/runs/*/ 2>/dev/null | wc -l)
[ "$runs" -gt 0 ] || { echo "no runs in $here/target/runs; run ./run.sh first" >&2; exit 1; }
echo "| variant | mode | Δ wall ms, median of $runs runs (min..max) | Δ CPU ms, median of $runs runs (min..max) |"
echo "|---|---|---:|---:|"
for d in "$here"/target/runs/*/; do
  # per run: name, median wall, median cpu
  awk '{ w[$1] = w[$1] " " $2; c[$1] = c[$1] " " $3 }
       function med(s,   a, n, i, j, t) { n = split(s, a, " ")
         for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
         return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
       END { for (k in w) print k, med(w[k]), med(c[k]) }' "$d/time.txt" |
  awk '{ n[NR] = $1; w[$1] = $2; c[$1] = $3 }
       END { for (i = 1; i <= NR; i++) { k = n[i]; m = k; sub(/.*@/, "", m)
               print k, w[k] - w["baseline@" m], c[k] - c["baseline@" m] } }'
done | awk -v runs="$runs" '{ W[$1] = W[$1] " " $2; C[$1] = C[$1] " " $3; if (!($1 in seen)) { seen[$1] = ++n; order[n] = $1 } }
  function stat(s,   a, k, i, j, t, m) { k = split(s, a, " ")
    for (i = 2; i <= k; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    m = (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    return sprintf("%+.0f (%+.0f..%+.0f)", m, a[1], a[k]) }
  END { for (i = 1; i <= n; i++) { k = order[i]; v = k; m = k; sub(/@.*/, "", v); sub(/.*@/, "", m)
          c = split(W[k], tmp, " "); if (c < runs) v = v " (only " c " of " runs " runs)"   # variant added later
          printf "%s|%s|%s|%s\n", v, m, stat(W[k]), stat(C[k]) } }' |
  sort -t'|' -k1,1 -k2,2r | awk -F'|' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }'

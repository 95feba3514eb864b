#!/usr/bin/env bash
# Clientele benchmark: builds the warehouse from a demo CSV extract with each engine and
# writes BENCHMARKS.md-style figures (wall time, peak RSS, per-step split, dashboard p95).
# Each figure is the median of --runs runs. Not a pass/fail timing test: it fails only on errors.
#
#   bench/benchmark.sh [--size smoke|small|full] [--runs N] [--engines "duckdb spark"]
#                      [--cache DIR] [--out FILE]
#   smoke = 20,000 customers (CI), small = 100,000, full = 100,000 and 1,000,000.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE=small; RUNS=3; ENGINES="duckdb spark"; CACHE="${TMPDIR:-/tmp}/clientele-bench"; OUT="$ROOT/BENCHMARKS-run.md"
DATE=2026-10-31
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --engines) ENGINES="$2"; shift 2 ;;
    --cache) CACHE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "benchmark: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$SIZE" in
  smoke) SIZES="20000" ;;
  small) SIZES="100000" ;;
  full) SIZES="100000 1000000" ;;
  *) echo "benchmark: --size is smoke, small or full" >&2; exit 2 ;;
esac

# GNU time gives the peak RSS of the whole process (JVM start-up included).
if [[ ! -x /usr/bin/time ]] || ! command -v unzip >/dev/null; then
  apt-get update -qq && apt-get install -y -qq time unzip >/dev/null
fi
mkdir -p "$CACHE"
LAUNCHER="$ROOT/bin/clientele"
"$LAUNCHER" --help >/dev/null   # builds the jar first if sources changed, outside the timings
DUCKDB_JAR="$CACHE/duckdb_jdbc.jar"
unzip -p "$ROOT/jobs/target/clientele.jar" 'BOOT-INF/lib/duckdb_jdbc-*.jar' > "$DUCKDB_JAR"

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)]}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

{
  echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC') (--size $SIZE, median of $RUNS)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM," \
       "$(java -version 2>&1 | head -1);" \
       "jar: $(unzip -l "$ROOT/jobs/target/clientele.jar" | grep -oE '(duckdb_jdbc|spark-core_2.13|spring-batch-core)-[0-9.]+[0-9]' | sort -u | tr '\n' ' ')"
  echo
} > "$OUT"

for customers in $SIZES; do
  INBOX="$CACHE/demo-$customers"
  if [[ ! -f "$INBOX/order_lines.csv" ]]; then
    echo "benchmark: generating the demo extract for $customers customers in $INBOX" >&2
    "$LAUNCHER" demo --customers "$customers" --date "$DATE" --inbox "$INBOX" --generate-only >&2
  fi
  echo "### $customers customers ($(du -sh "$INBOX" | cut -f1) of CSV)" >> "$OUT"
  echo >> "$OUT"
  echo "| engine | wall s | peak RSS MiB | extract s | stage s | model s | marts s | predict s | publish s | load avg (1/5/15 min) |" >> "$OUT"
  echo "|---|---|---|---|---|---|---|---|---|---|" >> "$OUT"
  for engine in $ENGINES; do
    RES="$CACHE/results-$customers-$engine"; rm -rf "$RES"; mkdir -p "$RES"
    for run in $(seq 1 "$RUNS"); do
      WH="$CACHE/wh-$customers-$engine"; rm -rf "$WH"
      LOAD="$(load)"
      /usr/bin/time -f '%e %M' -o "$RES/time-$run" \
        "$LAUNCHER" run --date "$DATE" --inbox "$INBOX" --engine "$engine" --warehouse "$WH" > "$RES/log-$run" 2>&1 \
        || { echo "benchmark: the $engine build of $customers customers failed; see $RES/log-$run" >&2; tail -5 "$RES/log-$run" >&2; exit 1; }
      echo "$LOAD" > "$RES/load-$run"
      # Step durations as the job logged them (the same as `clientele status`).
      step() { { grep -oP "NightlyRunListener -   $1 COMPLETED: .*\(\K[0-9]+(?= ms\))" "$RES/log-$run" || true; } | awk '{s += $1} END {printf "%.1f\n", s / 1000}'; }
      # The extract steps run in two lanes (order lines beside the rest): the wall time of
      # the extract is the longer lane plus extract-land.
      lines=$(step 'extract-order_lines'); all=$(step 'extract-[a-z_]+'); land=$(step 'extract-land')
      awk -v l="$lines" -v a="$all" -v d="$land" 'BEGIN {o = a - l - d; printf "%.1f\n", (l > o ? l : o) + d}' > "$RES/extract-$run"
      for s in stage model marts predict publish; do step "$s" > "$RES/$s-$run"; done
    done
    wall=$(cat "$RES"/time-* | cut -d' ' -f1 | median)
    rss=$(cat "$RES"/time-* | cut -d' ' -f2 | awk '{print int($1 / 1024)}' | median)
    cols=""
    for s in extract stage model marts predict publish; do cols="$cols | $(cat "$RES"/$s-* | median)"; done
    echo "| $engine | $wall | $rss$cols | $(cat "$RES"/load-* | tr '\n' ';') |" >> "$OUT"
  done
  echo >> "$OUT"

  # Dashboard queries on the default engine's published file, in-process through DuckDB JDBC.
  WH="$CACHE/wh-$customers-duckdb"
  if [[ -f "$WH/clientele.duckdb" ]]; then
    echo "Dashboard queries (DuckDB JDBC, read-only, 50 repetitions after a warm-up; median over $RUNS runs):" >> "$OUT"
    echo >> "$OUT"
    echo "| query | p50 ms | p95 ms | rows |" >> "$OUT"
    echo "|---|---|---|---|" >> "$OUT"
    for run in $(seq 1 "$RUNS"); do
      java -cp "$DUCKDB_JAR" "$ROOT/bench/DashboardLatency.java" "$WH/clientele.duckdb" 50 > "$CACHE/latency-$run"
    done
    for q in $(cut -d' ' -f1 "$CACHE/latency-1"); do
      p50=$(grep -h "^$q " "$CACHE"/latency-* | cut -d' ' -f2 | median)
      p95=$(grep -h "^$q " "$CACHE"/latency-* | cut -d' ' -f3 | median)
      rows=$(grep -h "^$q " "$CACHE/latency-1" | cut -d' ' -f4)
      echo "| $q | $p50 | $p95 | $rows |" >> "$OUT"
    done
    echo >> "$OUT"
  fi

  # >>> HOOK: BG/NBD + Gamma-Gamma fit alone. Times `clientele predict` when the predictive
  # models (io.clientele.warehouse.predict) have landed with a command of their own.
  if unzip -l "$ROOT/jobs/target/clientele.jar" | grep -q 'io/clientele/warehouse/predict/' \
      && "$LAUNCHER" predict --help >/dev/null 2>&1; then
    fits=""
    for run in $(seq 1 "$RUNS"); do
      /usr/bin/time -f '%e' -o "$CACHE/fit-$run" "$LAUNCHER" predict --warehouse "$CACHE/wh-$customers-duckdb" >/dev/null 2>&1 \
        || { echo "benchmark: clientele predict failed" >&2; exit 1; }
    done
    echo "Model fit alone (clientele predict, wall s incl. start-up): $(cat "$CACHE"/fit-* | median)" >> "$OUT"
  else
    echo "Model fit alone (BG/NBD + Gamma-Gamma): not available (no clientele predict command yet)" >> "$OUT"
  fi
  # <<< HOOK
  # Nightly incremental run of one day's delta: not available yet (the demo generator has no
  # next-day delta extract; see BENCHMARKS.md).
  echo "Nightly incremental run (one day's delta): not available (no next-day demo delta yet)" >> "$OUT"
  echo >> "$OUT"
done
cat "$OUT"

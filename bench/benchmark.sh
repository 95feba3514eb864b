#!/usr/bin/env bash
# Clientele benchmark: builds the warehouse from a demo CSV extract with each engine, then runs
# the next night (the demo's one-day delta) on a copy of it, then the plain single-DuckDB baseline
# (bench/PlainDuckDbBaseline.java) on the same files, checked against the built marts, and writes
# BENCHMARKS.md-style figures (wall time, peak RSS, per-step split, the whole night's ratio to the
# baseline, the model fit alone, dashboard p95).
# Each figure is the median of --runs runs. Not a pass/fail timing test: it fails only on errors, a
# baseline whose marts differ from the night's among them.
#
#   bench/benchmark.sh [--size smoke|small|large|full] [--runs N] [--engines "duckdb spark"]
#                      [--cache DIR] [--out FILE]
#   smoke = 20,000 customers (CI), small = 100,000, large = 1,000,000, full = both of these.
#
#   bench/benchmark.sh --shapes all-each|"uuid versions ..." [--customers N] [--cache DIR] [--out FILE]
#   instead: one full build per shape of bench/ShapedExtract.java (all-each: every shape, one at a
#   time, then all at once; 1,000,000 customers by default) with default settings through bin/clientele; per
#   shape the rows per source, wall time, peak RSS, the load at start and pass/fail. Failures are
#   reported in the table, not fatal.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE=small; RUNS=3; SHAPES=""; SHAPE_CUSTOMERS=1000000; ENGINES="duckdb spark"; CACHE="${TMPDIR:-/tmp}/clientele-bench"; OUT="$ROOT/BENCHMARKS-run.md"
DATE=2026-10-31
NEXT=2026-11-01   # the night of the demo's one-day delta
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --engines) ENGINES="$2"; shift 2 ;;
    --cache) CACHE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --shapes) SHAPES="$2"; shift 2 ;;
    --customers) SHAPE_CUSTOMERS="$2"; shift 2 ;;
    -h|--help) sed -n 2,18p "$0"; exit 0 ;;
    *) echo "benchmark: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$SIZE" in
  smoke) SIZES="20000" ;;
  small) SIZES="100000" ;;
  large) SIZES="1000000" ;;
  full) SIZES="100000 1000000" ;;
  *) echo "benchmark: --size is smoke, small, large or full" >&2; exit 2 ;;
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

median_or_na() { grep -v n/a | median; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)]}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Shaped extracts: one full build each, default settings, a row per shape.
if [[ -n "$SHAPES" ]]; then
  [[ "$SHAPES" == all-each ]] && SHAPES="plain uuid versions repeated whale one-month prospects time-sorted all"
  {
    echo "## Shaped extracts, run of $(date -u '+%Y-%m-%d %H:%M UTC') ($SHAPE_CUSTOMERS customers, bench/ShapedExtract.java, seed 42)"
    echo
    echo "Full build as of $DATE with default settings (bin/clientele, churn model ${CLIENTELE_MODELS_CHURN:-auto}); peak RSS of the whole process."
    echo
    echo "| shape | rows per source | wall s | peak RSS MiB | load at start (1/5/15 min) | result |"
    echo "|---|---|---|---|---|---|"
  } > "$OUT"
  for shape in $SHAPES; do
    INBOX="$CACHE/shaped-$SHAPE_CUSTOMERS-$shape"
    if [[ ! -f "$INBOX.rows" ]]; then
      rm -rf "$INBOX"
      java -Xmx1g "$ROOT/bench/ShapedExtract.java" --customers "$SHAPE_CUSTOMERS" --shape "$shape" --out "$INBOX" > "$INBOX.part"
      mv "$INBOX.part" "$INBOX.rows"
    fi
    rows=$(grep -oE '[a-z_]+=[0-9]+' "$INBOX.rows" | tr '\n' ' ')
    WH="$CACHE/wh-shaped-$shape"; LOG="$CACHE/shaped-$shape.log"; rm -rf "$WH"
    start=$(load)
    if /usr/bin/time -f '%e %M' -o "$CACHE/shaped-$shape.time" "$LAUNCHER" run --date "$DATE" --inbox "$INBOX" \
        --warehouse "$WH" > "$LOG" 2>&1; then
      result=pass
    else
      result="**fail**: $(grep -m1 -oE '(Out of Memory Error|OutOfMemoryError|Exception)[^|]{0,120}' "$LOG" || echo "see $LOG")"
    fi
    read -r wall kb < <(tail -1 "$CACHE/shaped-$shape.time")
    echo "| $shape | $rows | $wall | $((kb / 1024)) | $start | $result |" >> "$OUT"
    rm -rf "$WH"
  done
  cat "$OUT"
  exit 0
fi

# The plain baseline (bench/PlainDuckDbBaseline.java) runs on the warehouse's SQL classes and what they
# read (the manifests' YAML, the source contracts' JSON); compiled here, outside its timings.
BASELINE_LIB="$CACHE/baseline-lib"; BASELINE_CLASSES="$CACHE/baseline-classes"
rm -rf "$BASELINE_LIB" "$BASELINE_CLASSES"
unzip -q -j "$ROOT/jobs/target/clientele.jar" -d "$BASELINE_LIB" 'BOOT-INF/lib/clientele-warehouse-*.jar' \
  'BOOT-INF/lib/clientele-schemas-*.jar' 'BOOT-INF/lib/duckdb_jdbc-*.jar' 'BOOT-INF/lib/jackson-annotations-*.jar' \
  'BOOT-INF/lib/jackson-core-*.jar' 'BOOT-INF/lib/jackson-databind-*.jar' 'BOOT-INF/lib/jackson-dataformat-yaml-*.jar' \
  'BOOT-INF/lib/snakeyaml-*.jar'
BASELINE_CP="$BASELINE_CLASSES:$(ls "$BASELINE_LIB"/*.jar | paste -sd:)"
javac -d "$BASELINE_CLASSES" -cp "$BASELINE_CP" "$ROOT/bench/PlainDuckDbBaseline.java"
# The same DuckDB memory limit as the nights: clientele.duckdb.memory-limit from the environment, else its default.
MEMORY_LIMIT="${CLIENTELE_DUCKDB_MEMORY_LIMIT:-$(sed -nE 's/^ +memory-limit: *([^ #]+).*/\1/p' \
  "$ROOT/jobs/src/main/resources/application.yml" | head -1)}"

{
  echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC') (--size $SIZE, median of $RUNS)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM," \
       "$(java -version 2>&1 | head -1);" \
       "churn model: ${CLIENTELE_MODELS_CHURN:-auto};" \
       "jar: $(unzip -l "$ROOT/jobs/target/clientele.jar" | grep -oE '(duckdb_jdbc|spark-core_2.13|spring-batch-core)-[0-9.]+[0-9]' | sort -u | tr '\n' ' ')"
  echo
} > "$OUT"

# One timed night: `timed RES KIND RUN <clientele run arguments>` writes RES/KIND-time-RUN (wall s,
# peak KB), the log, the load average before it, and the per-step split parsed from the log.
timed() {
  local res="$1" kind="$2" run="$3"; shift 3
  local log="$res/$kind-log-$run"
  echo "$(load)" > "$res/$kind-load-$run"
  /usr/bin/time -f '%e %M' -o "$res/$kind-time-$run" "$LAUNCHER" run "$@" > "$log" 2>&1 \
    || { echo "benchmark: $kind run failed ($*); see $log" >&2; tail -5 "$log" >&2; exit 1; }
  # Step durations as the job logged them (the same as `clientele status`), in seconds.
  ms() { { grep -oP "$1" "$log" || true; } | awk '{s += $1} END {printf "%.1f\n", s / 1000}'; }
  step() { ms "NightlyRunListener -   ($1) COMPLETED: .*\(\K[0-9]+(?= ms\))"; }
  # The extract steps run in two lanes (order lines beside the rest): the wall time of
  # the extract is the longer lane plus extract-land.
  local lines all land
  lines=$(step 'extract-order_lines'); all=$(step 'extract-[a-z_]+'); land=$(step 'extract-land')
  local extract snapshot model
  extract=$(awk -v l="$lines" -v a="$all" -v d="$land" 'BEGIN {o = a - l - d; printf "%.1f\n", (l > o ? l : o) + d}')
  # The customer-month snapshot apart from the rest of the star schema (StarSchemaBuilder's line).
  snapshot=$(ms 'StarSchemaBuilder - model fact_customer_month: .*\(\K[0-9]+(?= ms\))')
  model=$(step model)
  local split="$extract $(step stage) $(awk -v m="$model" -v s="$snapshot" 'BEGIN {printf "%.1f", m - s}') $snapshot"
  split="$split $(step marts) $(step 'predict|predict-churn') $(step publish) $(step check)"
  # Whatever no step accounts for: JVM and Spring start-up, job bookkeeping, shut-down.
  local wall; wall=$(cut -d' ' -f1 "$res/$kind-time-$run")
  echo "$split $(echo "$split" | awk -v w="$wall" '{for (i = 1; i <= NF; i++) s += $i} END {printf "%.1f", w - s}')" \
    > "$res/$kind-split-$run"
  # The BG/NBD + Gamma-Gamma fit alone: PredictiveModels' `predict fit:` line; before it exists,
  # the BG/NBD search plus the Gamma-Gamma fit when that logs a time (else n/a).
  local fit
  fit=$({ grep -oP 'predict fit: bg_nbd \+ gamma_gamma in \K[0-9]+(?= ms)' "$log" || true; } | head -1)
  if [[ -z "$fit" ]]; then
    local bg gg
    bg=$({ grep -oP 'predict bg_nbd: .*searched in \K[0-9]+(?= ms)' "$log" || true; } | head -1)
    gg=$({ grep -oP 'predict gamma_gamma: .*\K[0-9]+(?= ms)' "$log" || true; } | head -1)
    fit=$([[ -n "$bg" && -n "$gg" ]] && echo $((bg + gg)) || echo n/a)
  fi
  echo "$fit" > "$res/$kind-fit-$run"
}

# One timed run of the plain baseline: `baseline RES RUN INBOX WAREHOUSE` writes RES/baseline-time-RUN
# (wall s without its self-check, peak KB), the log, the load before it and the split in the columns
# of the nights' table. Its check against WAREHOUSE's marts failing fails the benchmark.
baseline() {
  local res="$1" run="$2" inbox="$3" wh="$4"
  local log="$res/baseline-log-$run"
  echo "$(load)" > "$res/baseline-load-$run"
  /usr/bin/time -f '%e %M' -o "$res/baseline-rawtime-$run" java -Xmx512m -Duser.timezone=UTC -cp "$BASELINE_CP" \
      PlainDuckDbBaseline --inbox "$inbox" --date "$DATE" --memory-limit "$MEMORY_LIMIT" \
      --temp "$CACHE/baseline-tmp" --compare "$wh/clientele.duckdb" > "$log" 2>&1 \
    || { echo "benchmark: plain baseline failed; see $log" >&2; tail -3 "$log" >&2; exit 1; }
  # timing: load S upsert S star S snapshot S marts S check S
  local timing; timing=$(grep -m1 '^timing: ' "$log" | cut -d' ' -f2-)
  read -r wall kb < <(tail -1 "$res/baseline-rawtime-$run")
  echo "$timing" | awk -v w="$wall" -v kb="$kb" '{printf "%.2f %d\n", w - $12, kb}' > "$res/baseline-time-$run"
  # extract stage star snapshot marts models publish check other(start-up: wall minus the steps)
  echo "$timing" | awk -v w="$wall" '{printf "%.1f %.1f %.1f %.1f %.1f - - - %.1f\n", $2, $4, $6, $8, $10, w - $12 - $2 - $4 - $6 - $8 - $10}' \
    > "$res/baseline-split-$run"
}

# The star schema's per-table timings of a log: "dim_customer 812, fact_order 95, ...".
statements() {
  { grep 'StarSchemaBuilder - model [a-z_]*: ' "$1" || true; } \
    | sed -E 's/.*StarSchemaBuilder - model ([a-z_]+): .*\(([0-9]+) ms\).*/\1 \2/' | paste -sd, | sed 's/,/, /g'
}

# Median of column N of RES/KIND-split-*.
splitcol() { cat "$1"/"$2"-split-* | awk -v c="$3" '{print $c}' | median; }
row() {  # RES KIND LABEL [full wall s, for the ratio]
  local res="$1" kind="$2" label="$3" full="${4:-}"
  local wall rss cols="" ratio=""
  wall=$(cat "$res/$kind"-time-* | cut -d' ' -f1 | median)
  rss=$(cat "$res/$kind"-time-* | cut -d' ' -f2 | awk '{print int($1 / 1024)}' | median)
  for c in 1 2 3 4 5 6 7 8 9; do cols="$cols | $(splitcol "$res" "$kind" $c)"; done
  [[ -n "$full" ]] && ratio=" ($(awk -v i="$wall" -v f="$full" 'BEGIN {printf "%.0f", 100 * i / f}') % of the full build)"
  echo "| $label | $wall$ratio | $rss$cols | $(cat "$res/$kind"-load-* | tr '\n' ';') |" >> "$OUT"
}

for customers in $SIZES; do
  INBOX="$CACHE/demo-$customers"
  DELTA="$CACHE/demo-$customers-delta/$NEXT"
  if [[ ! -f "$INBOX/order_lines.csv" ]]; then
    echo "benchmark: generating the demo extract for $customers customers in $INBOX (and the delta of $NEXT)" >&2
    "$LAUNCHER" demo --customers "$customers" --date "$DATE" --inbox "$INBOX" --generate-only \
      --delta-days 1 --delta-inbox "$DELTA" >&2
  elif [[ ! -f "$DELTA/orders.csv" ]]; then
    # The delta comes with its history: write both to a scratch inbox (same seed, same bytes), keep the delta.
    echo "benchmark: generating the delta of $NEXT for $customers customers in $DELTA" >&2
    "$LAUNCHER" demo --customers "$customers" --date "$DATE" --inbox "$CACHE/scratch-$customers" --generate-only \
      --delta-days 1 --delta-inbox "$DELTA" >&2
    rm -rf "$CACHE/scratch-$customers"
  fi
  echo "### $customers customers ($(du -shL "$INBOX" | cut -f1) of CSV; next-day delta $(du -shL "$DELTA" | cut -f1))" >> "$OUT"
  echo >> "$OUT"
  echo "Full build from CSV (as of $DATE), then the next night ($NEXT) on a copy of that warehouse with the" \
       "demo's one-day delta (new and changed rows only). Seconds; *snapshot* is fact_customer_month," \
       "*star* the rest of the model step, *models* predict + predict-churn, *other* start-up and bookkeeping" \
       "(wall minus the steps). The plain baseline (bench/PlainDuckDbBaseline.java, docs/benchmarks.md):" \
       "*extract* is its CSV reading, *stage* its upsert, *other* its JVM start-up; its wall time leaves out" \
       "its check against the full build's marts." >> "$OUT"
  echo >> "$OUT"
  echo "| engine, night | wall s | peak RSS MiB | extract | stage | star | snapshot | marts | models | publish | check | other | load avg (1/5/15 min) |" >> "$OUT"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|" >> "$OUT"
  for engine in $ENGINES; do
    RES="$CACHE/results-$customers-$engine"; rm -rf "$RES"; mkdir -p "$RES"
    WH="$CACHE/wh-$customers-$engine"; INC="$CACHE/wh-$customers-$engine-next"
    for run in $(seq 1 "$RUNS"); do
      rm -rf "$WH"
      timed "$RES" full "$run" --date "$DATE" --inbox "$INBOX" --engine "$engine" --warehouse "$WH"
    done
    for run in $(seq 1 "$RUNS"); do
      rm -rf "$INC"; cp -a "$WH" "$INC"   # outside the timing; a copy, as the night rewrites files in place
      timed "$RES" next "$run" --date "$NEXT" --inbox "$DELTA" --engine "$engine" --warehouse "$INC"
    done
    full=$(cat "$RES"/full-time-* | cut -d' ' -f1 | median)
    row "$RES" full "$engine, full build"
    row "$RES" next "$engine, one-day night" "$full"
    rm -rf "$INC"
  done
  # The plain baseline on the same files, checked against the default engine's warehouse (else the first run's).
  BASE="$CACHE/results-$customers-baseline"; rm -rf "$BASE"; mkdir -p "$BASE"
  CHECKED="$CACHE/wh-$customers-duckdb"
  [[ " $ENGINES " == *" duckdb "* ]] || CHECKED="$CACHE/wh-$customers-${ENGINES%% *}"
  for run in $(seq 1 "$RUNS"); do
    baseline "$BASE" "$run" "$INBOX" "$CHECKED"
  done
  row "$BASE" baseline "plain DuckDB baseline, full build"
  echo >> "$OUT"
  plain=$(cat "$BASE"/baseline-time-* | cut -d' ' -f1 | median)
  for engine in $ENGINES; do
    full=$(cat "$CACHE/results-$customers-$engine"/full-time-* | cut -d' ' -f1 | median)
    echo "- $engine: whole night / plain baseline = $(awk -v f="$full" -v p="$plain" 'BEGIN {printf "%.2f", f / p}')×" \
         "(budget ≤ 1.5×): full build $full s, plain baseline $plain s." >> "$OUT"
  done
  echo "- $(grep -h '^baseline check: ' "$BASE"/baseline-log-* | sed -E 's/ \(.*\)//' | sort -u | paste -sd';')." >> "$OUT"
  for engine in $ENGINES; do
    RES="$CACHE/results-$customers-$engine"
    echo "- $engine: model fit alone (BG/NBD + Gamma-Gamma, PredictiveModels' log, full build): $(cat "$RES"/full-fit-* | median_or_na | sed -E 's/^([0-9.]+)$/\1 ms/');" \
         "one-day night's model statements (ms): $(statements "$RES/next-log-1")" >> "$OUT"
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

  echo >> "$OUT"
done
cat "$OUT"

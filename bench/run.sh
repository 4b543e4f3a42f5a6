#!/usr/bin/env bash
# Times pgtide against the raw `psql COPY | psql COPY` pipe on the same server, same data, same run.
# Usage: bench/run.sh [ROWS]   (needs psql and a server in PGURL, default postgresql://postgres@127.0.0.1:5432)
# Prints one line per measurement: what, seconds, rows/s, and the sync's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
PGURL=${PGURL:-postgresql://postgres@127.0.0.1:5432}
JAR=sync-runner/target/sync-runner.jar
[ -f "$JAR" ] || ./mvnw -q -DskipTests package
SRC=pgtide_bench_src TGT=pgtide_bench_tgt PIPE=pgtide_bench_pipe
DDL="CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,
  total numeric(12,2), created_at timestamptz NOT NULL, note text, payload jsonb);
  CREATE INDEX ON orders (customer_id);"

psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $SRC WITH (FORCE)" -c "DROP DATABASE IF EXISTS $TGT WITH (FORCE)" \
  -c "DROP DATABASE IF EXISTS $PIPE WITH (FORCE)" -c "CREATE DATABASE $SRC" -c "CREATE DATABASE $TGT" -c "CREATE DATABASE $PIPE"
trap 'psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $SRC WITH (FORCE)" -c "DROP DATABASE IF EXISTS $TGT WITH (FORCE)" -c "DROP DATABASE IF EXISTS $PIPE WITH (FORCE)"' EXIT
for db in $SRC $TGT $PIPE; do psql -q "$PGURL/$db" -c "$DDL"; done
psql -q "$PGURL/$SRC" -c "INSERT INTO orders SELECT g, g % 50000, (ARRAY['new','paid','shipped'])[g % 3 + 1], g * 0.37,
  '2024-01-01'::timestamptz + g * interval '1 second', repeat('n', g % 40), jsonb_build_object('g', g, 'k', 'v')
  FROM generate_series(1, $ROWS) g" -c "ANALYZE orders"

now() { date +%s.%N; }
report() { awk -v what="$1" -v t="$2" -v rows="$ROWS" -v rss="${3:-}" \
  'BEGIN { printf "%-34s %7.2f s %10.0f rows/s %s\n", what, t, rows / t, (rss == "" ? "" : "peak RSS " rss " MB") }'; }
timed_sync() { # prints seconds and peak RSS (MB) of one run: timed_sync COMMAND [OPTIONS]
  local command=$1; shift
  local log; log=$(mktemp)
  local t0; t0=$(now)
  /usr/bin/time -f "%M" -o "$log" java -jar "$JAR" "$command" --source "$PGURL/$SRC" --target "$PGURL/$TGT" --table orders "$@" >/dev/null
  local t1; t1=$(now)
  echo "$(echo "$t1 - $t0" | bc) $(( $(cat "$log") / 1024 ))"; rm -f "$log"
}

t0=$(now)
psql -q "$PGURL/$SRC" -c "COPY orders TO STDOUT" | psql -q "$PGURL/$PIPE" -c "COPY orders FROM STDIN"
t1=$(now)
report "psql COPY | psql COPY" "$(echo "$t1 - $t0" | bc)"

read -r secs rss < <(timed_sync sync)
report "pgtide first sync" "$secs" "$rss"
# Resyncs back the whole target table up first (server-side, the default best-effort policy).
read -r secs rss < <(timed_sync sync)
report "pgtide resync, no change" "$secs" "$rss"
read -r secs rss < <(timed_sync sync --backup disabled)
report "pgtide resync, no change, no backup" "$secs" "$rss"
psql -q "$PGURL/$SRC" -c "UPDATE orders SET total = total + 1 WHERE id % 100 = 0"
read -r secs rss < <(timed_sync preview --delete-missing)
report "pgtide preview, 1% updated" "$secs" "$rss"
read -r secs rss < <(timed_sync sync --delete-missing)
report "pgtide resync, 1% updated, delete" "$secs" "$rss"

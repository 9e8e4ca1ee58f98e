#!/usr/bin/env bash
# The main job on the embedded default: a local Kafka broker (unless KAFKA_BOOTSTRAP_SERVERS is
# set), the worker, the sample articles replayed, and incidents, alerts and dead letters printed
# as they arrive. Ctrl-C stops everything this script started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
INCIDENTS=".venv/bin/incidents"
DEMO_DIR="$ROOT/var/demo"
ARTICLES="${DEMO_ARTICLES:-samples/articles.jsonl}"
pids=()
own_broker=""

cleanup() {
  trap - EXIT INT TERM
  echo >&2; echo "Stopping ..." >&2
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$own_broker" ]; then ops/kafka.sh stop --dir "$DEMO_DIR/kafka"; fi
  echo "Stopped. Worker log: $DEMO_DIR/worker.log" >&2
}
trap cleanup EXIT
# Ctrl-C is how the demo is meant to end: clean up and exit successfully.
trap 'cleanup; exit 0' INT TERM

mkdir -p "$DEMO_DIR"
if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  ops/kafka.sh stop --dir "$DEMO_DIR/kafka" >/dev/null 2>&1 || true
  rm -rf "$DEMO_DIR"; mkdir -p "$DEMO_DIR"
  echo "Starting a local Kafka broker ..." >&2
  KAFKA_BOOTSTRAP_SERVERS="$(ops/kafka.sh start --dir "$DEMO_DIR/kafka")"
  own_broker=1
  export APP_ID="${APP_ID:-incidents-demo}"
else
  # A shared broker: a run-unique app id so the demo replays from the start without
  # touching another deployment's consumer group or state.
  export APP_ID="${APP_ID:-incidents-demo-$(date +%s)}"
fi
export KAFKA_BOOTSTRAP_SERVERS
export DATA_DIR="${DATA_DIR:-$DEMO_DIR/state}"
export WEB_PORT="${WEB_PORT:-6066}"
echo "Kafka at $KAFKA_BOOTSTRAP_SERVERS; worker metrics at http://127.0.0.1:$WEB_PORT/metrics" >&2

"$INCIDENTS" topics create >&2
"$INCIDENTS" worker --no-create-topics > "$DEMO_DIR/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  grep -q "Worker ready" "$DEMO_DIR/worker.log" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { tail -n 40 "$DEMO_DIR/worker.log" >&2; echo "the worker exited" >&2; exit 1; }
  sleep 0.5
done

for topic in "${TOPIC_EVENTS:-events.enriched}" "${TOPIC_ALERTS:-alerts}" "${TOPIC_DEADLETTER:-articles.deadletter}"; do
  "$INCIDENTS" tail "$topic" --format summary &
  pids+=($!)
done

echo "Replaying $ARTICLES ..." >&2
"$INCIDENTS" replay "$ARTICLES" --rate "${DEMO_RATE:-2}" --no-progress
echo "All articles sent. Incidents, alerts and dead letters appear above as they are processed; Ctrl-C to stop." >&2
wait "${pids[0]}"

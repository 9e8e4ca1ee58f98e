#!/usr/bin/env bash
# A local single-node Apache Kafka broker (KRaft: broker and controller in one JVM, no ZooKeeper)
# for development, the demo and the integration tests.
#
#   ops/kafka.sh fetch                         download the broker jars with Maven (cached)
#   ops/kafka.sh start [--port P] [--dir D]    format storage if new, start, wait until it answers
#   ops/kafka.sh stop  [--dir D]               stop the broker started with that dir (SIGTERM, then SIGKILL)
#   ops/kafka.sh status [--dir D]
#
# The jars go to .cache/kafka/<version>/lib (ignored by git); a started broker keeps its
# config, data, log and pid under D (default var/kafka). Idempotent: `start` on a running
# broker just prints its address; `fetch` does nothing when the jars are there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$ROOT/ops/kafka/pom.xml"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")"
LIB="${KAFKA_LIB_DIR:-$ROOT/.cache/kafka/$KAFKA_VERSION/lib}"

die() { echo "ops/kafka.sh: $*" >&2; exit 1; }

need_java() {
  command -v java >/dev/null 2>&1 || die "java not found: Kafka $KAFKA_VERSION needs a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)"
  local major
  major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  [ -n "$major" ] && [ "$major" -ge 17 ] || die "Java $major found; Kafka $KAFKA_VERSION needs Java 17 or newer (set JAVA_HOME or PATH)"
}

fetch() {
  if [ -f "$LIB/.complete" ]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: it fetches the Kafka jars from Maven Central (Debian: apt-get install maven)"
  echo "Fetching Apache Kafka $KAFKA_VERSION jars into $LIB ..." >&2
  mkdir -p "$LIB"
  mvn -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB" >&2 \
    || die "Maven could not fetch the Kafka jars (see the output above)"
  touch "$LIB/.complete"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_open() {
  python3 -c 'import socket,sys; s=socket.socket(); s.settimeout(0.5); sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1])))==0 else 1)' "$1"
}

running_pid() {
  local pidfile="$1/broker.pid"
  [ -f "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

start() {
  local port="$1" dir="$2"
  need_java
  fetch
  mkdir -p "$dir"
  if pid="$(running_pid "$dir")"; then
    echo "127.0.0.1:$(cat "$dir/port")"
    return 0
  fi
  if [ -z "$port" ]; then port="$(free_port)"; fi
  if port_open "$port"; then die "port $port is already in use: pass --port with another, or set KAFKA_BOOTSTRAP_SERVERS to use that broker"; fi
  local controller_port
  controller_port="$(free_port)"
  cat > "$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.cleaner.backoff.ms=1000
EOF
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(python3 -c 'import base64,uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')"
    java -cp "$LIB/*" -Dlog4j2.configurationFile="$ROOT/ops/kafka/log4j2.properties" \
      kafka.tools.StorageTool format --cluster-id="$cluster_id" --config "$dir/server.properties" > "$dir/format.log" 2>&1 \
      || die "formatting KRaft storage failed: see $dir/format.log"
  fi
  echo "$port" > "$dir/port"
  # setsid: the broker outlives this script but not a `kill -- -PGID` of its own group.
  setsid java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m} -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$ROOT/ops/kafka/log4j2.properties" \
    -cp "$LIB/*" kafka.Kafka "$dir/server.properties" > "$dir/broker.log" 2>&1 < /dev/null &
  echo $! > "$dir/broker.pid"
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-60}))
  until port_open "$port"; do
    if ! running_pid "$dir" >/dev/null; then
      tail -n 30 "$dir/broker.log" >&2 || true
      die "the broker exited during start-up (log: $dir/broker.log)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "the broker did not open port $port in time (log: $dir/broker.log)"
    sleep 0.2
  done
  echo "127.0.0.1:$port"
}

stop() {
  local dir="$1" pid
  pid="$(running_pid "$dir")" || { echo "no broker running for $dir" >&2; return 0; }
  kill "$pid"
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/broker.pid"; echo "broker stopped" >&2; return 0; }
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/broker.pid"
  echo "broker killed after 30 s" >&2
}

cmd="${1:-}"; shift || true
port="" dir="$ROOT/var/kafka"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac

case "$cmd" in
  fetch) need_java; fetch ;;
  start) start "$port" "$dir" ;;
  stop) stop "$dir" ;;
  status) if pid="$(running_pid "$dir")"; then echo "running (pid $pid) on 127.0.0.1:$(cat "$dir/port")"; else echo "not running"; exit 3; fi ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A real local Redis Cluster for tests and benchmarks: 3 masters + 3 replicas on loopback.
#   scripts/redisCluster.sh start    starts it (idempotent), prints REDIS_CLUSTER_NODES=...
#   scripts/redisCluster.sh stop     shuts every node down and removes its files
#   scripts/redisCluster.sh status   cluster info of the first node
#   scripts/redisCluster.sh heal     starts again every node that is down (a killed master comes
#                                    back as a replica of the node that took over), waits until
#                                    every master has a connected replica
# Ports: REDIS_CLUSTER_BASE_PORT+1 .. +6 (default 7101-7106; the failover test runs a private one
# on other ports). Data: REDIS_CLUSTER_DIR (default ${TMPDIR:-/tmp}/stockgraph-redis-cluster).
# Node timeout REDIS_CLUSTER_NODE_TIMEOUT ms (default 2000) so a killed master is replaced within
# seconds; REDIS_CLUSTER_AOF=yes turns the append-only file on.
set -euo pipefail

base=${REDIS_CLUSTER_BASE_PORT:-7100}
dir=${REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/stockgraph-redis-cluster}
aof=${REDIS_CLUSTER_AOF:-no}
node_timeout=${REDIS_CLUSTER_NODE_TIMEOUT:-2000}
ports=()
for i in 1 2 3 4 5 6; do ports+=($((base + i))); done
nodes=$(printf '127.0.0.1:%s,' "${ports[@]}"); nodes=${nodes%,}

ping() { redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG; }

run_node() {
  redis-server --port "$1" --bind 127.0.0.1 --daemonize yes --dir "$dir/$1" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout "$node_timeout" \
    --appendonly "$aof" --save "" --logfile "$dir/$1/redis.log" --pidfile "$dir/$1/redis.pid" \
    --maxmemory-policy noeviction --hash-max-listpack-value 64 --hash-max-listpack-entries 512
}

# every master has a connected replica and every node sees state ok
healthy() {
  for p in "${ports[@]}"; do redis-cli -p "$p" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || return 1; done
  masters=$(redis-cli -p "${ports[0]}" cluster nodes | grep -v fail | grep -c master || true)
  replicas=$(redis-cli -p "${ports[0]}" cluster nodes | grep -v fail | grep -c 'slave.*connected' || true)
  [ "$masters" -eq 3 ] && [ "$replicas" -ge 3 ] || return 1
  for p in "${ports[@]}"; do
    if redis-cli -p "$p" role | head -1 | grep -q slave; then
      redis-cli -p "$p" info replication | grep -q 'master_link_status:up' || return 1
    fi
  done
}

heal() {
  for p in "${ports[@]}"; do
    ping "$p" && continue
    [ -f "$dir/$p/nodes.conf" ] || { echo "node $p is down and has no nodes.conf: '$0 stop' then '$0 start'" >&2; exit 1; }
    run_node "$p"
  done
  for _ in $(seq 1 300); do healthy && { echo "REDIS_CLUSTER_NODES=$nodes"; return 0; }; sleep 0.1; done
  echo "cluster did not heal within 30 s" >&2
  redis-cli -p "${ports[0]}" cluster nodes >&2 || true
  exit 1
}

start() {
  if ping "${ports[0]}" && redis-cli -p "${ports[0]}" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then
    echo "REDIS_CLUSTER_NODES=$nodes"
    return 0
  fi
  command -v redis-server >/dev/null || { echo "redis-server is not installed" >&2; exit 1; }
  mkdir -p "$dir"
  for p in "${ports[@]}"; do
    if ping "$p"; then
      echo "port $p already answers but is not part of a healthy cluster: run '$0 stop' first" >&2
      exit 1
    fi
    mkdir -p "$dir/$p"
    rm -f "$dir/$p/nodes.conf" "$dir/$p/dump.rdb"
    rm -rf "$dir/$p/appendonlydir"
    run_node "$p"
  done
  for p in "${ports[@]}"; do
    for _ in $(seq 1 50); do ping "$p" && break; sleep 0.1; done
    ping "$p" || { echo "node $p did not start; see $dir/$p/redis.log" >&2; exit 1; }
  done
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 \
    || { cat "$dir/create.log" >&2; exit 1; }
  for _ in $(seq 1 100); do
    ok=1
    for p in "${ports[@]}"; do redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' || ok=0; done
    [ "$ok" = 1 ] && break
    sleep 0.1
  done
  [ "$ok" = 1 ] || { echo "cluster did not reach state ok" >&2; exit 1; }
  # every replica attached and in sync before anyone relies on a failover
  for _ in $(seq 1 300); do healthy && break; sleep 0.1; done
  healthy || { echo "replicas did not attach" >&2; exit 1; }
  echo "REDIS_CLUSTER_NODES=$nodes"
}

stop() {
  for p in "${ports[@]}"; do
    redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true
  done
  for p in "${ports[@]}"; do
    for _ in $(seq 1 30); do ping "$p" || break; sleep 0.1; done
  done
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  heal) heal ;;
  stop) stop ;;
  status) redis-cli -p "${ports[0]}" cluster info; redis-cli -p "${ports[0]}" cluster nodes ;;
  nodes) echo "$nodes" ;;
  *) echo "usage: $0 start|stop|status|nodes|heal" >&2; exit 2 ;;
esac

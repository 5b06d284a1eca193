#!/usr/bin/env bash
# A throwaway PostgreSQL (and Redis) on loopback, from Debian's packages, for the PostgreSQL
# test job and the load benchmark. Usage:
#   scripts/local-services.sh start DIR [PG_PORT] [REDIS_PORT]   prints DATABASE_URL and REDIS_URL
#   scripts/local-services.sh stop DIR
# The cluster trusts loopback connections and lives in DIR; never use it for real data.
set -euo pipefail
action=$1 dir=$2 pg_port=${3:-5433} redis_port=${4:-6380}
sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
install() {
  command -v redis-server >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends postgresql redis-server >/dev/null
}
# PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $action in
start)
  install
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  if [ ! -f "$dir/pg/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/pg" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  # fsync off: a test database is thrown away; NHASO_PG_DURABLE=1 keeps it on (benchmarks).
  durable="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${NHASO_PG_DURABLE:-0}" = 1 ] && durable=""
  as_owner "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w start \
    -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 $durable" >/dev/null
  # Append-only file, synced every second: queued jobs survive a Redis restart.
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir" --appendonly yes \
    --appendfsync everysec --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/nhaso"
  echo "REDIS_URL=redis://127.0.0.1:$redis_port/0"
  ;;
stop)
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ -f "$dir/pg/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null || true
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  ;;
esac

#!/usr/bin/env bash
# start N | stop : Parley nodes on 18081.. sharing PostgreSQL parley_bench3 and Redis prefix bench3:
set -euo pipefail
JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
cmd=$1; n=${2:-3}
if [ "$cmd" = start ]; then
  psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname='parley_bench3'" | grep -q 1 || createdb -h 127.0.0.1 -U postgres parley_bench3
  [ -f /tmp/bench/master.key ] || openssl rand -base64 32 > /tmp/bench/master.key
  for i in $(seq 1 "$n"); do
    mkdir -p /tmp/bench/node$i
    ( ulimit -n 20000
      PARLEY_PORT=$((18080+i)) PARLEY_HOST=127.0.0.1 PARLEY_LOGIN_MAX_PER_ADDRESS=1000000 PARLEY_DATA_DIR=/tmp/bench/node$i \
      PARLEY_DB_URL=jdbc:postgresql://127.0.0.1:5432/parley_bench3 PARLEY_DB_USER=postgres \
      PARLEY_REDIS_URL=redis://127.0.0.1:6379 PARLEY_REDIS_PREFIX=bench3: PARLEY_MASTER_KEY=$(cat /tmp/bench/master.key) \
      PARLEY_PASSWORD_HASH_MEMORY_KIB=${HASH_KIB:-19456} PARLEY_PASSWORD_HASH_ITERATIONS=${HASH_ITER:-2} \
      nohup $JAVA ${JVM_OPTS:-} -jar /tmp/bench/srv/parley-server.jar > /tmp/bench/node$i/server.log 2>&1 &
      echo $! > /tmp/bench/node$i/pid )
  done
  for i in $(seq 1 "$n"); do
    for _ in $(seq 1 60); do curl -sf http://127.0.0.1:$((18080+i))/observe/health >/dev/null && break; sleep 1; done
    echo "node$i pid $(cat /tmp/bench/node$i/pid) $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$((18080+i))/observe/health)"
  done
elif [ "$cmd" = stop ]; then
  for d in /tmp/bench/node*; do [ -f $d/pid ] && kill $(cat $d/pid) 2>/dev/null || true; done
  sleep 3
  for d in /tmp/bench/node*; do [ -f $d/pid ] && kill -9 $(cat $d/pid) 2>/dev/null || true; rm -f $d/pid; done
fi

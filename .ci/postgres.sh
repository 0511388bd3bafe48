#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster and make a throwaway database for HQ's test suite.
# Usage: postgres.sh URL_FILE. On success, writes the URL for HQ_TEST_PG_URL to URL_FILE.
#
# The server is started with every inherited descriptor except stderr closed or sent to
# /dev/null: a daemon that keeps a caller's pipe open makes `$(...)` or `| tee` wait forever.
set -euo pipefail
url_file=$1
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$version" main </dev/null >/dev/null
  cluster="$version main"
fi
pg_ctlcluster $cluster start </dev/null >/dev/null 2>&1 || true
for _ in $(seq 1 60); do
  su postgres -c "pg_isready -q" </dev/null && break
  sleep 0.5
done
psql_as_postgres() { su postgres -c "psql -qtAc \"$1\"" </dev/null; }
psql_as_postgres "SELECT 1 FROM pg_roles WHERE rolname = 'leader'" | grep -q 1 \
  || psql_as_postgres "CREATE ROLE leader LOGIN PASSWORD 'leader'" >/dev/null
psql_as_postgres "SELECT 1 FROM pg_database WHERE datname = 'hq_test'" | grep -q 1 \
  || su postgres -c "createdb -O leader hq_test" </dev/null
echo "postgresql://leader:leader@127.0.0.1:5432/hq_test" >"$url_file"

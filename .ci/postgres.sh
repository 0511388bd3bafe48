#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster and make a throwaway database for HQ's test suite.
# Prints only the URL to use as HQ_TEST_PG_URL on stdout; everything else goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$version" main
  cluster="$version main"
fi
pg_ctlcluster $cluster start 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 0.5
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'leader'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE leader LOGIN PASSWORD 'leader'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'hq_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O leader hq_test"
echo "postgresql://leader:leader@127.0.0.1:5432/hq_test" >&3

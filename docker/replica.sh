#!/bin/sh
# The read replica of docker-compose.yml: a hot standby of `db`, cloned once with
# pg_basebackup -R (which writes the streaming connection and standby.signal), then
# following the primary's WAL. Runs as the postgres user.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db -U "$PRIMARY_USER" -d chanjiao -q; do sleep 1; done
  PGPASSWORD="$PRIMARY_PASSWORD" pg_basebackup -h db -U "$PRIMARY_USER" -D "$PGDATA" -R -X stream -c fast
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on

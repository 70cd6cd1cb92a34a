#!/bin/sh
# Run once when the `db` volume is first made: let the replica service stream from it.
set -eu
echo "host replication all all scram-sha-256" >>"$PGDATA/pg_hba.conf"

#!/bin/bash
# Runs once, when InfluxDB 2.7's container first sets itself up (DOCKER_INFLUXDB_INIT_MODE=setup), as root, with the
# influx CLI logged in as the admin and the new org's and bucket's ids in DOCKER_INFLUXDB_INIT_ORG_ID and _BUCKET_ID.
# It gives each client the least it needs:
#  - InfluxQL's name for the bucket (a DBRP mapping), which the Grafana dashboards query;
#  - Grafana: a 1.x user "grafana" that can only read the bucket, with the password the operator chose
#    (INFLUX_GRAFANA_PASSWORD); Grafana sends it as "Token grafana:<password>", which InfluxQL's /query takes;
#  - the edge and the workers: a token that can only write the bucket, left in /var/lib/smart-grid-tokens/writer.token
#    (a volume they mount read-only). InfluxDB chooses a token's value itself, so it cannot come from the operator.
set -euo pipefail
org=$DOCKER_INFLUXDB_INIT_ORG
bucket_id=$DOCKER_INFLUXDB_INIT_BUCKET_ID
tokens=/var/lib/smart-grid-tokens

influx v1 dbrp create --org "$org" --bucket-id "$bucket_id" --db "$DOCKER_INFLUXDB_INIT_BUCKET" --rp autogen --default
influx v1 auth create --org "$org" --username grafana --password "$INFLUX_GRAFANA_PASSWORD" --read-bucket "$bucket_id" \
  --description "Grafana: reads the bucket through InfluxQL"

created=$(influx auth create --org "$org" --write-bucket "$bucket_id" --json \
  --description "smart-grid edge and workers: write the bucket")
token=$(printf '%s' "$created" | grep -o '"token": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/') || true
if [[ ! $token =~ ^[^[:space:]]+$ ]]; then
  echo "influxdb-init.sh: influx auth create gave no single token" >&2
  exit 1
fi
# readable by the application's user (uid 10001) in the containers that mount the volume; written whole, then renamed
printf '%s\n' "$token" > "$tokens/writer.token.new"
chmod 0444 "$tokens/writer.token.new"
mv "$tokens/writer.token.new" "$tokens/writer.token"

#!/usr/bin/env bash
# Writes docs/bigquery-tables.md: the BigQuery mart tables (columns, types, descriptions, partitioning,
# clustering) of a pipeline configuration, generated from the code so the document cannot drift.
#   scripts/describe-tables.sh [pipelines/NAME.yaml] [output file, default docs/bigquery-tables.md; - prints]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/jar.sh"

config="${1:-$root/pipelines/online-retail.yaml}"
out="${2:-$root/docs/bigquery-tables.md}"
if [[ "$out" == "-" ]]; then
  exec java -cp "$jar" io.segmart.io.bigquery.MartTablesDoc "$config"
fi
java -cp "$jar" io.segmart.io.bigquery.MartTablesDoc "$config" "$out"
echo "segmart: wrote $out"

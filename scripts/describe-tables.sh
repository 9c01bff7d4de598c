#!/usr/bin/env bash
# Writes docs/bigquery-tables.md (for analysts) and terraform/mart-tables.json (for Terraform): the
# BigQuery mart tables of a pipeline configuration (columns, types, descriptions, partitioning,
# clustering), generated from the code so they cannot drift. Run it after changing a mart, its
# descriptions (src/main/resources/io/segmart/marts/schema.yml) or the configuration's bands or markets.
#   scripts/describe-tables.sh [pipelines/NAME.yaml, default online-retail-bigquery]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/jar.sh"

config="${1:-$root/pipelines/online-retail-bigquery.yaml}"
java -cp "$jar" io.segmart.io.bigquery.MartTableFiles "$config" "$root"
echo "segmart: wrote docs/bigquery-tables.md and terraform/mart-tables.json for $config"

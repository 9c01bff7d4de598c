#!/usr/bin/env bash
# Writes theLook-shaped products, orders and order items (CSV, and the order items as JSON Lines too)
# for the bundled real theLook users, deterministic by seed, under data/thelook/generated/ (see
# src/bench/java/io/segmart/tools/GenerateTheLook.java). pipelines/thelook-files.yaml reads them.
#   scripts/generate-thelook.sh [--seed=42] [--output=data/thelook/generated]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/jar.sh"
cd "$root"
exec java -cp "$(bench_classpath)" io.segmart.tools.GenerateTheLook "$@"

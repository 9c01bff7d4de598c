#!/usr/bin/env bash
# Writes Online Retail-shaped invoice files of any size, one gzip CSV per day, deterministic by seed,
# resampled from the bundled real data (see src/bench/java/io/segmart/tools/GenerateInvoices.java).
#   scripts/generate-invoices.sh --lines=10000000 [--seed=42] [--output=bench/data/10m] [--malformedPerMillion=10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/jar.sh"
cd "$root"
exec java -Xmx2g -cp "$(bench_classpath)" io.segmart.tools.GenerateInvoices "$@"

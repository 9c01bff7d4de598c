#!/usr/bin/env bash
# Launches the SegMart Flex Template once, as the weekly Cloud Scheduler job does, e.g. to run a week
# again or to try a new image before the schedule picks it up.
#
#   scripts/launch-dataflow.sh --project=PROJECT --region=REGION --bucket=BUCKET --service-account=EMAIL
#                              [--pipeline=pipelines/online-retail-bigquery.yaml] [--dataset=segmart]
#                              [--job-name=segmart-manual] [--dry-run] [-- --asOf=2011-12-10 --inputTable=...]
#
# Arguments after -- are more template parameters (any SegMart option, see --help of the jar).
# --dry-run prints the gcloud command instead of running it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
template_object="templates/segmart.json"

project="" region="" bucket="" service_account="" pipeline="pipelines/online-retail-bigquery.yaml"
dataset="segmart" job_name="segmart-manual-$(date -u +%Y%m%d-%H%M%S)" dry_run=false extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --project=*) project="${1#*=}" ;;
    --region=*) region="${1#*=}" ;;
    --bucket=*) bucket="${1#*=}" ;;
    --service-account=*) service_account="${1#*=}" ;;
    --pipeline=*) pipeline="${1#*=}" ;;
    --dataset=*) dataset="${1#*=}" ;;
    --job-name=*) job_name="${1#*=}" ;;
    --dry-run) dry_run=true ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "launch-dataflow: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for required in project region bucket service_account; do
  if [[ -z "${!required}" ]]; then
    echo "launch-dataflow: --${required//_/-} is required (see --help)" >&2
    exit 2
  fi
done

parameters="pipeline=$pipeline,outputDataset=$project:$dataset,output=gs://$bucket/cx"
for option in "${extra[@]+"${extra[@]}"}"; do
  option="${option#--}"
  parameters+=",$option"
done

command=(gcloud dataflow flex-template run "$job_name" --project="$project" --region="$region"
  --template-file-gcs-location="gs://$bucket/$template_object"
  --service-account-email="$service_account"
  --temp-location="gs://$bucket/tmp" --staging-location="gs://$bucket/staging"
  --parameters="$parameters")
if $dry_run; then
  printf '%q ' "${command[@]}"; echo
else
  "${command[@]}"
fi

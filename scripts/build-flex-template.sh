#!/usr/bin/env bash
# Builds the SegMart Flex Template: the bundled jar, the container image (pushed to Artifact Registry)
# and the template spec with its parameter metadata (published to the bucket, where the weekly
# Cloud Scheduler job of terraform/ launches it).
#
#   scripts/build-flex-template.sh --project=PROJECT --region=REGION --bucket=BUCKET [--repository=segmart]
#                                  [--tag=TAG] [--dry-run]
#
# --bucket and --repository are the Terraform outputs `bucket` and the repository named by `name`.
# --dry-run prints every command instead of running it. Needs gcloud (authenticated) and, without
# --dry-run, Cloud Build enabled on the project (the image is built there, no local Docker needed).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Where the template spec is published, under the bucket; terraform/main.tf launches the same object.
template_object="templates/segmart.json"
metadata="$root/src/main/flex-template/metadata.json"

project="" region="" bucket="" repository="segmart" tag="$(date -u +%Y%m%d-%H%M%S)" dry_run=false
for arg in "$@"; do
  case "$arg" in
    --project=*) project="${arg#*=}" ;;
    --region=*) region="${arg#*=}" ;;
    --bucket=*) bucket="${arg#*=}" ;;
    --repository=*) repository="${arg#*=}" ;;
    --tag=*) tag="${arg#*=}" ;;
    --dry-run) dry_run=true ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-flex-template: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done
for required in project region bucket; do
  if [[ -z "${!required}" ]]; then
    echo "build-flex-template: --$required is required (see --help)" >&2
    exit 2
  fi
done

image="$region-docker.pkg.dev/$project/$repository/segmart:$tag"
template_path="gs://$bucket/$template_object"

run() {
  if $dry_run; then
    printf '%q ' "$@"; echo
  else
    "$@"
  fi
}

# The jar the image copies, and the parameter metadata written from the options interface.
run mvn -q -B -f "$root/pom.xml" -DskipTests package
run java -cp "$root/target/segmart-0.1.0-SNAPSHOT-bundled.jar" io.segmart.options.FlexTemplateMetadata "$metadata" "$root/pipelines/online-retail-bigquery.yaml"
# The image, built by Cloud Build from the repository root with the template's Dockerfile.
run gcloud builds submit "$root" --project="$project" --region="$region" \
  --config="$root/src/main/flex-template/cloudbuild.yaml" --substitutions="_IMAGE=$image"
# The template spec: the image plus the metadata, published where the scheduler launches it.
run gcloud dataflow flex-template build "$template_path" --project="$project" \
  --image="$image" --sdk-language=JAVA --metadata-file="$metadata"
echo "segmart: template $template_path -> image $image"

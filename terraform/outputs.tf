output "bucket" {
  description = "Bucket of staging and temporary files, the template spec and the CX exports."
  value       = google_storage_bucket.segmart.name
}

output "template_path" {
  description = "Where scripts/build-flex-template.sh must publish the template spec (its --bucket is the bucket above)."
  value       = local.template_path
}

output "image" {
  description = "Image of the Flex Template, as scripts/build-flex-template.sh tags it."
  value       = local.image
}

output "mart_dataset" {
  description = "Dataset of the mart tables, as --outputDataset."
  value       = "${var.project_id}:${google_bigquery_dataset.marts.dataset_id}"
}

output "job_service_account" {
  description = "Service account the Dataflow job runs as."
  value       = google_service_account.job.email
}

output "scheduler_job" {
  description = "Cloud Scheduler job that launches the weekly run; `gcloud scheduler jobs run` starts one now."
  value       = google_cloud_scheduler_job.weekly.id
}

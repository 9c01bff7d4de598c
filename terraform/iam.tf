# Two accounts, each with only what it needs.

# The Dataflow job (launcher VM and workers) runs as this account.
resource "google_service_account" "job" {
  account_id   = "${var.name}-job"
  display_name = "SegMart Dataflow job"
}

# Cloud Scheduler calls the launch API with this account's token.
resource "google_service_account" "scheduler" {
  account_id   = "${var.name}-scheduler"
  display_name = "SegMart weekly launcher"
}

# Project-wide roles of the job: run as a Dataflow worker; run BigQuery load, export and query jobs
# (jobs are project resources); open Storage Read API sessions (also project resources).
resource "google_project_iam_member" "job" {
  for_each = toset([
    "roles/dataflow.worker",
    "roles/bigquery.jobUser",
    "roles/bigquery.readSessionUser",
  ])
  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.job.email}"
}

# The job writes the mart tables: data editor on the mart dataset only.
resource "google_bigquery_dataset_iam_member" "job_writes_marts" {
  dataset_id = google_bigquery_dataset.marts.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.job.email}"
}

# The job reads the raw invoices: data viewer on the source dataset only (none for public data).
resource "google_bigquery_dataset_iam_member" "job_reads_source" {
  count      = var.source_dataset == "" ? 0 : 1
  dataset_id = var.source_dataset
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.job.email}"
}

# Staging and temporary files, the run summary and the CX export: objects of the one bucket only.
resource "google_storage_bucket_iam_member" "job_uses_bucket" {
  bucket = google_storage_bucket.segmart.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.job.email}"
}

# The launcher VM pulls the template image.
resource "google_artifact_registry_repository_iam_member" "job_pulls_image" {
  location   = google_artifact_registry_repository.segmart.location
  repository = google_artifact_registry_repository.segmart.name
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${google_service_account.job.email}"
}

# The scheduler creates Dataflow jobs (flexTemplates:launch) ...
resource "google_project_iam_member" "scheduler_launches" {
  project = var.project_id
  role    = "roles/dataflow.developer"
  member  = "serviceAccount:${google_service_account.scheduler.email}"
}

# ... that run as the job account, which it may act as, and nothing else ...
resource "google_service_account_iam_member" "scheduler_acts_as_job" {
  service_account_id = google_service_account.job.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.scheduler.email}"
}

# ... from the template spec in the bucket, which it reads.
resource "google_storage_bucket_iam_member" "scheduler_reads_template" {
  bucket = google_storage_bucket.segmart.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.scheduler.email}"
}

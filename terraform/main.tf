# SegMart's production deployment: a Dataflow Flex Template launched every week by Cloud Scheduler,
# reading invoices from BigQuery and writing the marts to BigQuery and the CX export to a bucket.

locals {
  # scripts/build-flex-template.sh publishes the template spec here (tests check both agree).
  template_object = "templates/segmart.json"
  template_path   = "gs://${google_storage_bucket.segmart.name}/${local.template_object}"
  image           = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.segmart.repository_id}/segmart:${var.image_tag}"

  # Columns, descriptions, partitioning and clustering of the mart tables, written by
  # scripts/describe-tables.sh from the code; never edited by hand.
  mart_tables = jsondecode(file("${path.module}/mart-tables.json"))

  launch_parameters = merge(
    {
      pipeline      = var.pipeline
      outputDataset = "${var.project_id}:${google_bigquery_dataset.marts.dataset_id}"
      output        = "gs://${google_storage_bucket.segmart.name}/cx"
    },
    var.input_table == "" ? {} : { inputTable = var.input_table },
  )
}

resource "google_project_service" "required" {
  for_each = toset([
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "bigquerystorage.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "dataflow.googleapis.com",
    "iam.googleapis.com",
    "storage.googleapis.com",
  ])
  service            = each.value
  disable_on_destroy = false
}

# Staging, temporary files, the template spec and the CX exports.
resource "google_storage_bucket" "segmart" {
  name                        = "${var.project_id}-${var.name}"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  lifecycle_rule {
    condition {
      age            = var.temp_files_days
      matches_prefix = ["tmp/", "staging/"]
    }
    action {
      type = "Delete"
    }
  }
  lifecycle_rule {
    condition {
      age            = var.cx_export_days
      matches_prefix = ["cx/"]
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.required]
}

resource "google_artifact_registry_repository" "segmart" {
  location      = var.region
  repository_id = var.name
  description   = "SegMart Flex Template images"
  format        = "DOCKER"

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 10
    }
  }

  depends_on = [google_project_service.required]
}

resource "google_bigquery_dataset" "marts" {
  dataset_id  = replace(var.name, "-", "_")
  location    = var.bigquery_location
  description = "SegMart customer-segmentation marts, written by the weekly Dataflow job."

  depends_on = [google_project_service.required]
}

resource "google_bigquery_table" "mart" {
  for_each = local.mart_tables

  dataset_id          = google_bigquery_dataset.marts.dataset_id
  table_id            = each.key
  description         = each.value.description
  schema              = jsonencode(each.value.schema)
  clustering          = length(each.value.clusterBy) > 0 ? each.value.clusterBy : null
  deletion_protection = true

  dynamic "time_partitioning" {
    for_each = each.value.partitionBy == null ? [] : [each.value.partitionBy]
    content {
      type  = "DAY"
      field = time_partitioning.value
    }
  }
}

# Calls the flexTemplates:launch API every week with an OAuth token of the scheduler's account.
resource "google_cloud_scheduler_job" "weekly" {
  name        = "${var.name}-weekly"
  region      = var.region
  description = "Launches the SegMart Flex Template every week."
  schedule    = var.schedule
  time_zone   = var.schedule_time_zone

  retry_config {
    retry_count = 1
  }

  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/${var.project_id}/locations/${var.region}/flexTemplates:launch"
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode(jsonencode({
      launchParameter = {
        jobName              = "${var.name}-weekly"
        containerSpecGcsPath = local.template_path
        parameters           = local.launch_parameters
        environment = {
          serviceAccountEmail = google_service_account.job.email
          tempLocation        = "gs://${google_storage_bucket.segmart.name}/tmp"
          stagingLocation     = "gs://${google_storage_bucket.segmart.name}/staging"
          maxWorkers          = var.max_workers
          machineType         = var.machine_type
        }
      }
    }))

    oauth_token {
      service_account_email = google_service_account.scheduler.email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  depends_on = [google_project_service.required]
}

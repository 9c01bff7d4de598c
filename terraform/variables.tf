variable "project_id" {
  description = "Google Cloud project that runs SegMart (its id, not its name)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6-30 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  description = "Region of the Dataflow job, the bucket, the Artifact Registry repository and the scheduler job."
  type        = string
  default     = "europe-west1"
  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "bigquery_location" {
  description = "Location of the mart dataset; it must be the location of the source data (EU, US or a region)."
  type        = string
  default     = "EU"
}

variable "name" {
  description = "Prefix of every resource name (bucket, dataset, service accounts, repository, scheduler job)."
  type        = string
  default     = "segmart"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,20}$", var.name))
    error_message = "name must be 3-21 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "pipeline" {
  description = "Pipeline configuration the weekly job runs, a file under pipelines/ in the template image."
  type        = string
  default     = "pipelines/online-retail-bigquery.yaml"
  validation {
    condition     = can(regex("^pipelines/[a-z0-9_-]+\\.yaml$", var.pipeline))
    error_message = "pipeline must be pipelines/NAME.yaml."
  }
}

variable "input_table" {
  description = "BigQuery table of raw invoice lines, project:dataset.table (empty: the configuration's own source)."
  type        = string
  default     = ""
  validation {
    condition     = var.input_table == "" || can(regex("^[a-z][a-z0-9-]+[:.][A-Za-z0-9_]+\\.[A-Za-z0-9_$]+$", var.input_table))
    error_message = "input_table must be project:dataset.table or project.dataset.table."
  }
}

variable "source_dataset" {
  description = "Dataset of input_table in this project, that the job may read (empty: the source is elsewhere, e.g. public data)."
  type        = string
  default     = "raw_data"
}

variable "schedule" {
  description = "When the weekly run starts, as a cron expression in schedule_time_zone."
  type        = string
  default     = "0 6 * * 1"
  validation {
    condition     = length(split(" ", var.schedule)) == 5
    error_message = "schedule must be a five-field cron expression, e.g. \"0 6 * * 1\" (Mondays 06:00)."
  }
}

variable "schedule_time_zone" {
  description = "IANA time zone of the schedule, e.g. Europe/London."
  type        = string
  default     = "Europe/London"
}

variable "image_tag" {
  description = "Tag of the Flex Template image that scripts/build-flex-template.sh pushed."
  type        = string
  default     = "latest"
}

variable "max_workers" {
  description = "Most Dataflow workers the weekly job may scale to."
  type        = number
  default     = 4
  validation {
    condition     = var.max_workers >= 1 && var.max_workers <= 1000
    error_message = "max_workers must be between 1 and 1000."
  }
}

variable "machine_type" {
  description = "Dataflow worker machine type."
  type        = string
  default     = "n2-standard-2"
}

variable "temp_files_days" {
  description = "Days after which temporary and staging files in the bucket are deleted."
  type        = number
  default     = 7
  validation {
    condition     = var.temp_files_days >= 1
    error_message = "temp_files_days must be at least 1."
  }
}

variable "cx_export_days" {
  description = "Days a weekly CX export is kept in the bucket."
  type        = number
  default     = 90
  validation {
    condition     = var.cx_export_days >= 7
    error_message = "cx_export_days must be at least 7, so last week's export is still there."
  }
}

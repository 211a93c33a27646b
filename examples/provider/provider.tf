terraform {
  required_providers {
    hss = {
      source = "hss-community/hss"
    }
  }
}

# Credentials and location usually come from the environment, the same
# HW_* variables the Huawei Cloud provider reads:
#   HW_REGION_NAME, HW_PROJECT_ID, and HW_AUTH_TOKEN or
#   HW_ACCESS_KEY + HW_SECRET_KEY (+ HW_SECURITY_TOKEN).
provider "hss" {
  region     = "cn-north-4"
  project_id = var.project_id
}

variable "project_id" {
  description = "Huawei Cloud project id of cn-north-4."
  type        = string
}

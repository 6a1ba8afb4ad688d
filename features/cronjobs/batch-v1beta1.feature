@cronjobs
Feature: The book's CronJob as batch/v1beta1
  Kubernetes in Action wrote its CronJob as batch/v1beta1. That version was removed in
  Kubernetes 1.25, so kubectl cannot map the kind and refuses the manifest before it reaches the
  apiserver, as kubectl 1.32 does; the same CronJob as batch/v1 (cronjob.yaml) works.

  Scenario: kubectl apply -f cronjob-v1beta1.yaml fails; cronjob.yaml is the batch/v1 version
    When I try to apply "cronjob-v1beta1.yaml"
    Then the command fails with:
      """
      error: resource mapping not found for name: "batch-job-every-fifteen-minutes" namespace: "" from "cronjob-v1beta1.yaml": no matches for kind "CronJob" in version "batch/v1beta1"
      ensure CRDs are installed first
      """
    When I apply "cronjob.yaml"
    And I run "kubectl get cronjobs -o name"
    Then the output is:
      """
      cronjob.batch/batch-job-every-fifteen-minutes
      """

@cronjobs
Feature: What a CronJob does when its previous Job is still running
  concurrencyPolicy decides: Allow (the default) starts the new Job beside the old one, Forbid
  skips the new time while a Job is active, Replace deletes the active Job and starts the new one.
  batch-job runs for two minutes, so a schedule of every minute always finds one running.

  Background:
    Given the time is "2020-06-07T22:00:30Z"

  Scenario Outline: concurrencyPolicy <policy>
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: minutely
      spec:
        schedule: "* * * * *"
        concurrencyPolicy: <policy>
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: main
                    image: idealism/batch-job
      """
    And 2 minutes pass
    And I run "kubectl get jobs -o name"
    Then the output is:
      """
      <jobs>
      """
    When I run "kubectl get events --field-selector involvedObject.kind=CronJob -o custom-columns=REASON:.reason,MESSAGE:.message"
    Then the output is:
      """
      <events>
      """

    Examples:
      | policy  | jobs                                                      | events                                                                                                                                                                                                                                                                                             |
      | Allow   | job.batch/minutely-26526121\njob.batch/minutely-26526122 | REASON             MESSAGE\nSuccessfulCreate   Created job minutely-26526121\nSuccessfulCreate   Created job minutely-26526122                                                                                                                                                                                        |
      | Forbid  | job.batch/minutely-26526121                               | REASON             MESSAGE\nSuccessfulCreate   Created job minutely-26526121\nJobAlreadyActive   Not starting job because prior execution is running and concurrency policy is Forbid                                                                                                                           |
      | Replace | job.batch/minutely-26526122                               | REASON             MESSAGE\nSuccessfulCreate   Created job minutely-26526121\nSuccessfulDelete   Deleted job minutely-26526121\nSuccessfulCreate   Created job minutely-26526122                                                                                                                        |

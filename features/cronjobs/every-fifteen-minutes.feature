@cronjobs
Feature: A CronJob runs a Job every fifteen minutes
  A CronJob creates a Job at each time its cron schedule names, in the controller manager's time
  zone (UTC here) unless spec.timeZone says otherwise (Kubernetes in Action, 4.6, P116-P118). The
  Job is named after the CronJob and its scheduled time in minutes since the epoch, and is
  created 100 ms after that time. Finished Jobs are kept as history: three successful and one
  failed by default; older ones are deleted, with their pods.

  Scenario: cronjob.yaml creates its first Job at 22:15 and keeps three successful ones over a day
    When I run "kubectl apply -f cronjob.yaml"
    Then the output is:
      """
      cronjob.batch/batch-job-every-fifteen-minutes created
      """
    When 8 seconds pass
    And I run "kubectl get cronjobs"
    Then the output is:
      """
      NAME                              SCHEDULE             TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
      batch-job-every-fifteen-minutes   0,15,30,45 * * * *   <none>     False     0        <none>          8s
      """
    When 15 minutes pass
    And I run "kubectl get cronjobs"
    Then the output is:
      """
      NAME                              SCHEDULE             TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
      batch-job-every-fifteen-minutes   0,15,30,45 * * * *   <none>     False     1        8s              15m
      """
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME                                       STATUS    COMPLETIONS   DURATION   AGE
      batch-job-every-fifteen-minutes-26526135   Running   0/1           8s         8s
      """
    When 24 hours pass
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME                                       STATUS     COMPLETIONS   DURATION   AGE
      batch-job-every-fifteen-minutes-26527530   Complete   1/1           2m2s       45m
      batch-job-every-fifteen-minutes-26527545   Complete   1/1           2m2s       30m
      batch-job-every-fifteen-minutes-26527560   Complete   1/1           2m2s       15m
      batch-job-every-fifteen-minutes-26527575   Running    0/1           8s         8s
      """
    And 3 pods are Completed
    And 1 pod runs
    When I run "kubectl get cronjob batch-job-every-fifteen-minutes -o jsonpath='{.status.lastScheduleTime} {.status.lastSuccessfulTime} {.status.active[*].name}'"
    Then the output is:
      """
      2020-06-08T22:15:00Z 2020-06-08T22:02:02Z batch-job-every-fifteen-minutes-26527575
      """

  # The fourth successful Job makes one too many: the sync that sees it finish first deletes the
  # oldest (cleanupFinishedJobs runs before the rest of syncCronJob), then records the completion.
  Scenario: the CronJob controller's events for one run and one history deletion
    # One node: the times below include pulling the image, which a node does once, and with three
    # nodes which node pulls when would depend on the seed's tie-breaks.
    Given a cluster with 1 node
    When I apply "cronjob.yaml"
    And 1h3m pass
    And I run "kubectl get events --field-selector involvedObject.kind=CronJob"
    Then the output is:
      """
      LAST SEEN   TYPE     REASON             OBJECT                                    MESSAGE
      48m         Normal   SuccessfulCreate   cronjob/batch-job-every-fifteen-minutes   Created job batch-job-every-fifteen-minutes-26526135
      45m         Normal   SawCompletedJob    cronjob/batch-job-every-fifteen-minutes   Saw completed job: batch-job-every-fifteen-minutes-26526135, condition: Complete
      33m         Normal   SuccessfulCreate   cronjob/batch-job-every-fifteen-minutes   Created job batch-job-every-fifteen-minutes-26526150
      30m         Normal   SawCompletedJob    cronjob/batch-job-every-fifteen-minutes   Saw completed job: batch-job-every-fifteen-minutes-26526150, condition: Complete
      18m         Normal   SuccessfulCreate   cronjob/batch-job-every-fifteen-minutes   Created job batch-job-every-fifteen-minutes-26526165
      15m         Normal   SawCompletedJob    cronjob/batch-job-every-fifteen-minutes   Saw completed job: batch-job-every-fifteen-minutes-26526165, condition: Complete
      3m          Normal   SuccessfulCreate   cronjob/batch-job-every-fifteen-minutes   Created job batch-job-every-fifteen-minutes-26526180
      58s         Normal   SuccessfulDelete   cronjob/batch-job-every-fifteen-minutes   Deleted job batch-job-every-fifteen-minutes-26526135
      58s         Normal   SawCompletedJob    cronjob/batch-job-every-fifteen-minutes   Saw completed job: batch-job-every-fifteen-minutes-26526180, condition: Complete
      """
    When I run "kubectl describe cronjob batch-job-every-fifteen-minutes"
    Then the output contains "Starting Deadline Seconds:     15s"
    And the output contains "Last Schedule Time:  Sun, 07 Jun 2020 23:00:00 +0000"
    And the output contains "Active Jobs:         <none>"

  Scenario: the Job carries the scheduled time and a controller reference to its CronJob
    When I apply "cronjob.yaml"
    And 16 minutes pass
    And I run "kubectl get job batch-job-every-fifteen-minutes-26526135 -o jsonpath='{.metadata.annotations.batch\.kubernetes\.io/cronjob-scheduled-timestamp} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}'"
    Then the output is:
      """
      2020-06-07T22:15:00Z CronJob/batch-job-every-fifteen-minutes
      """

  Scenario: a suspended CronJob starts nothing
    When I apply "cronjob.yaml"
    And I run "kubectl patch cronjob batch-job-every-fifteen-minutes -p '{"spec":{"suspend":true}}'"
    And 1 hour passes
    And I run "kubectl get cronjobs"
    Then the output is:
      """
      NAME                              SCHEDULE             TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
      batch-job-every-fifteen-minutes   0,15,30,45 * * * *   <none>     True      0        <none>          60m
      """
    When I run "kubectl get jobs"
    Then the output is:
      """
      No resources found in default namespace.
      """

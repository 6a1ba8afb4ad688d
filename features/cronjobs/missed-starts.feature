@cronjobs
Feature: Scheduled times missed while the controller manager is down
  Nothing starts a CronJob's Job while the kube-controller-manager is down. When it comes back,
  the CronJob controller starts only the most recent missed time, never a backlog. With
  startingDeadlineSeconds it looks for missed times only within that many seconds before now,
  so a time missed by more is skipped; v1.32 records no MissSchedule event for it (its code
  cannot reach that event: kubernetes#111223). Without a deadline, more than 100 missed times
  give a TooManyMissedTimes warning, and the most recent one still starts.

  Scenario: back within the 15 s deadline, the Job for 22:15 starts late
    When I apply "cronjob.yaml"
    And 14m50s pass
    And the controller manager is down for 20 seconds
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME                                       STATUS    COMPLETIONS   DURATION   AGE
      batch-job-every-fifteen-minutes-26526135   Running   0/1           0s         0s
      """

  Scenario: back after the 15 s deadline, the 22:15 run is skipped without an event
    When I apply "cronjob.yaml"
    And 14m50s pass
    And the controller manager is down for 30 seconds
    And I run "kubectl get jobs"
    Then the output is:
      """
      No resources found in default namespace.
      """
    When I run "kubectl get events --field-selector involvedObject.kind=CronJob"
    Then the output is:
      """
      No resources found in default namespace.
      """
    When 15 minutes pass
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME                                       STATUS    COMPLETIONS   DURATION   AGE
      batch-job-every-fifteen-minutes-26526150   Running   0/1           20s        20s
      """

  Scenario: without a deadline only the most recent missed time starts
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: quarter-hourly
      spec:
        schedule: "*/15 * * * *"
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: main
                    image: idealism/batch-job
      """
    And 10 minutes pass
    And the controller manager is down for 40 minutes
    # 22:15, 22:30 and 22:45 were missed; at 22:50 only the 22:45 Job starts.
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME                      STATUS    COMPLETIONS   DURATION   AGE
      quarter-hourly-26526165   Running   0/1           0s         0s
      """

  Scenario: after more than 100 missed times the controller warns and still starts the latest
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: every-minute
      spec:
        schedule: "* * * * *"
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: main
                    image: idealism/batch-job
      """
    And the controller manager is down for 3 hours
    And I run "kubectl get events --field-selector involvedObject.kind=CronJob"
    Then the output is:
      """
      LAST SEEN   TYPE      REASON               OBJECT                 MESSAGE
      0s          Warning   TooManyMissedTimes   cronjob/every-minute   too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew
      0s          Normal    SuccessfulCreate     cronjob/every-minute   Created job every-minute-26526300
      """

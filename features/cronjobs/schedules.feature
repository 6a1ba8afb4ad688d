@cronjobs
Feature: Cron schedules as Kubernetes reads them
  A schedule has exactly five fields (minute, hour, day of month, month, day of week) or is one
  of the macros such as @hourly; `?` means `*`; when both day fields are restricted a day matching
  either one fires. spec.timeZone names an IANA zone; TZ= or CRON_TZ= inside the schedule is
  refused since v1.29. The apiserver reports the cron library's own errors.

  Scenario: a six-field schedule (with seconds) is refused
    When I try to apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: too-precise
      spec:
        schedule: "0 */15 * * * *"
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: main
                    image: idealism/batch-job
      """
    Then the command fails with:
      """
      The CronJob "too-precise" is invalid: spec.schedule: Invalid value: "0 */15 * * * *": expected exactly 5 fields, found 6: [0 */15 * * * *]
      """

  Scenario: a time zone inside the schedule is refused, spec.timeZone must be a real zone
    When I try to apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: zoned
      spec:
        schedule: "CRON_TZ=Europe/Berlin 0 9 * * *"
        timeZone: Europe/Atlantis
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: main
                    image: idealism/batch-job
      """
    Then the command fails with:
      """
      The CronJob "zoned" is invalid: 
      * spec.schedule: Invalid value: "CRON_TZ=Europe/Berlin 0 9 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead
      * spec.timeZone: Invalid value: "Europe/Atlantis": unknown time zone Europe/Atlantis
      """

  Scenario: spec.timeZone runs the Job at the zone's wall clock
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: morning-in-berlin
      spec:
        schedule: "30 0 * * *"
        timeZone: Europe/Berlin
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: main
                    image: idealism/batch-job
      """
    And I run "kubectl get cronjobs"
    Then the output is:
      """
      NAME                SCHEDULE     TIMEZONE        SUSPEND   ACTIVE   LAST SCHEDULE   AGE
      morning-in-berlin   30 0 * * *   Europe/Berlin   False     0        <none>          0s
      """
    # 00:30 in Berlin (UTC+2 in June) is 22:30 UTC.
    When 31 minutes pass
    And I run "kubectl get jobs -o jsonpath='{.items[0].metadata.name} {.items[0].metadata.annotations.batch\.kubernetes\.io/cronjob-scheduled-timestamp}'"
    Then the output is:
      """
      morning-in-berlin-26526150 2020-06-08T00:30:00+02:00
      """

  Scenario: kubectl create job --from=cronjob/NAME runs the CronJob's Job now
    When I apply "cronjob.yaml"
    And I run "kubectl create job manual-run --from=cronjob/batch-job-every-fifteen-minutes"
    Then the output is:
      """
      job.batch/manual-run created
      """
    When I run "kubectl get job manual-run -o jsonpath='{.metadata.annotations} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}'"
    Then the output is:
      """
      {"cronjob.kubernetes.io/instantiate":"manual"} CronJob/batch-job-every-fifteen-minutes
      """
    When 10 seconds pass
    Then 1 pod matching "app=periodic-batch-job" is Running
    # The CronJob did not create it, so its controller reports it as unexpected.
    When I run "kubectl get events --field-selector reason=UnexpectedJob -o custom-columns=MESSAGE:.message"
    Then the output is:
      """
      MESSAGE
      Saw a job that the controller did not create or forgot: manual-run
      """

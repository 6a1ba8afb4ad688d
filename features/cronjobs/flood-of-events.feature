@cronjobs
Feature: A CronJob that runs every minute floods its own events
  Every component records events through client-go's event correlator (tools/record,
  events_cache.go EventCorrelate). It first aggregates: from the tenth distinct message of one
  reason about one object within ten minutes, the events become one combined event,
  "(combined from similar events): <latest message>". It then counts: a repeat of a key seen
  before takes that key's event name and one more than its count. Only then does the spam filter
  decide: 25 events per source and object, then one more every five minutes. An event it drops has
  been counted all the same, so the next one written carries the count of every occurrence.

  A CronJob every minute makes three events a minute about itself (SuccessfulCreate,
  SawCompletedJob and, from the fourth run on, SuccessfulDelete), so after the first 25 only one
  in five minutes is written.

  Scenario: after the burst, one combined SuccessfulCreate event counts every Job created
    Given a cluster with 1 node
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
                    image: busybox
                    command: ["sh", "-c", "echo done"]
      """
    And 1 hour passes
    And I run "kubectl describe cronjob every-minute"
    # The 25th event written is the deletion of the seventh Job, at 22:10 (49 minutes and some
    # seconds ago). At 22:10 the tenth "Created job" message is combined, and the combined event
    # counts every Job created since: 22:10 to 22:56, 47 of them, though only one in five was
    # written. The spam filter's token, one every five minutes, always goes to the first event after
    # it, the SuccessfulCreate at the start of a minute: the combined SawCompletedJob and
    # SuccessfulDelete events are counted but never written.
    Then the output contains "Normal  SuccessfulDelete  49m                cronjob-controller  Deleted job every-minute-26526127"
    And the output contains "Normal  SuccessfulCreate  4m (x47 over 50m)  cronjob-controller  (combined from similar events): Created job every-minute-26526176"
    And the output does not contain "(combined from similar events): Saw completed job"
    And the output does not contain "(combined from similar events): Deleted job"

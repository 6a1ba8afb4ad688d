@jobs
Feature: Jobs that fail
  activeDeadlineSeconds limits how long a Job may run, and backoffLimit how many times its pods
  may fail, 6 by default (Kubernetes in Action, 4.5.5, P116). A failed pod is replaced after a
  backoff of 10 seconds, doubling for each further failure. v1.32 first records FailureTarget,
  deletes or waits out the remaining pods, and only then adds Failed with the same reason.

  Scenario: activeDeadlineSeconds stops a long Job after 30 seconds
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: time-limited-batch-job
      spec:
        activeDeadlineSeconds: 30
        template:
          metadata:
            labels:
              app: time-limited-batch-job
          spec:
            restartPolicy: OnFailure
            containers:
              - name: main
                image: idealism/batch-job
      """
    And 30 seconds pass
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME                     STATUS          COMPLETIONS   DURATION   AGE
      time-limited-batch-job   FailureTarget   0/1           30s        30s
      """
    And 1 pod is Terminating
    # batch-job ignores SIGTERM, so the pod goes when its 30 s grace period ends.
    When 31 seconds pass
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME                     STATUS   COMPLETIONS   DURATION   AGE
      time-limited-batch-job   Failed   0/1           61s        61s
      """
    When I run "kubectl get job time-limited-batch-job -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'"
    Then the output is:
      """
      FailureTarget=True DeadlineExceeded: Job was active longer than specified deadline
      Failed=True DeadlineExceeded: Job was active longer than specified deadline
      """
    When I run "kubectl describe job time-limited-batch-job"
    Then the output contains "Active Deadline Seconds:  30s"
    And the output contains "Pods Statuses:            0 Active (0 Ready) / 0 Succeeded / 1 Failed"
    And the output matches "Normal   SuccessfulDelete  31s   job-controller  Deleted pod: time-limited-batch-job-[a-z0-9]{5}\n  Warning  DeadlineExceeded  0s    job-controller  Job was active longer than specified deadline\n$"

  Scenario: a failing pod is replaced after 10, 20 and 40 seconds until backoffLimit is exceeded
    Given a cluster with 1 node
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: failing-job
      spec:
        backoffLimit: 3
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: main
                image: busybox
                command: ["sh", "-c", "echo working; sleep 5; exit 1"]
      """
    And 3 minutes pass
    # Each pod exits 5 s after it starts: 4 s after creation on a node that has not pulled busybox
    # yet, 1.5 s on one that has. The next is created 10·2^(n−1) s after that exit. One node, so
    # that only the first pod pulls, whatever node a seed's tie-breaks would have chosen.
    And I run "kubectl get pods --sort-by=.metadata.creationTimestamp -o jsonpath='{range .items[*]}{.metadata.creationTimestamp} {.status.phase}{"\n"}{end}'"
    Then the output is:
      """
      2020-06-07T22:00:00Z Failed
      2020-06-07T22:00:19Z Failed
      2020-06-07T22:00:45Z Failed
      2020-06-07T22:01:31Z Failed
      """
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME          STATUS   COMPLETIONS   DURATION   AGE
      failing-job   Failed   0/1           3m         3m
      """
    When I run "kubectl describe job failing-job"
    Then the output contains "Pods Statuses:    0 Active (0 Ready) / 0 Succeeded / 4 Failed"
    And the output contains "Warning  BackoffLimitExceeded  82s    job-controller  Job has reached the specified backoff limit"

  Scenario: with restartPolicy OnFailure the container restarts count towards backoffLimit
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: crashing-job
      spec:
        backoffLimit: 2
        template:
          spec:
            restartPolicy: OnFailure
            containers:
              - name: main
                image: busybox
                command: ["sh", "-c", "exit 1"]
      """
    And 2 minutes pass
    And I run "kubectl get job crashing-job -o jsonpath='{.status.failed} {.status.conditions[1].type} {.status.conditions[1].reason}'"
    Then the output is:
      """
      1 Failed BackoffLimitExceeded
      """
    And 0 pods run

@jobs
Feature: Running a Job's pods in parallel
  With completions and parallelism a Job runs several pods at once until enough have succeeded,
  never more than parallelism and never more than the completions still missing
  (Kubernetes in Action, 4.5.4, P114-P116). Without completions it is a work queue: parallelism
  pods start, and once one succeeds no more are created.

  Scenario: multi-completion-parallel-batch-job.yaml runs two pods at a time until five succeed
    # One node: the times below include pulling the image, which a node does once, and with three
    # nodes which node pulls when would depend on the seed's tie-breaks.
    Given a cluster with 1 node
    When I run "kubectl create -f multi-completion-parallel-batch-job.yaml"
    And 37 seconds pass
    And I run "kubectl get pods"
    Then the output matches "^NAME +READY +STATUS +RESTARTS +AGE\n(multi-completion-parallel-batch-job-[bcdfghjklmnpqrstvwxz2456789]{5} +1/1 +Running +0 +37s\n){2}$"
    When 2 minutes pass
    Then 2 pods run
    And 2 pods are Completed
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME                                  STATUS    COMPLETIONS   DURATION   AGE
      multi-completion-parallel-batch-job   Running   2/5           2m37s      2m37s
      """
    When 2 minutes pass
    # Four have succeeded: min(parallelism 2, 5 - 4 remaining) = 1 pod for the last completion.
    Then 1 pod runs
    And 4 pods are Completed
    When 3 minutes pass
    Then 0 pods run
    And 5 pods are Completed
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME                                  STATUS     COMPLETIONS   DURATION   AGE
      multi-completion-parallel-batch-job   Complete   5/5           6m10s      7m37s
      """

  Scenario: without completions the Job is a work queue of parallelism pods
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: queue-workers
      spec:
        parallelism: 3
        template:
          spec:
            restartPolicy: OnFailure
            containers:
              - name: main
                image: idealism/batch-job
      """
    And 10 seconds pass
    Then 3 pods run
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME            STATUS    COMPLETIONS   DURATION   AGE
      queue-workers   Running   0/1 of 3      10s        10s
      """
    When 3 minutes pass
    Then 3 pods are Completed
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME            STATUS     COMPLETIONS   DURATION   AGE
      queue-workers   Complete   3/1 of 3      2m5s       3m10s
      """

  Scenario: an Indexed Job names its pods after their completion index
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: indexed
      spec:
        completions: 3
        parallelism: 3
        completionMode: Indexed
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: main
                image: busybox
                command: ["sh", "-c", "echo index $JOB_COMPLETION_INDEX"]
      """
    And 10 seconds pass
    And I run "kubectl get pods -o jsonpath='{range .items[*]}{.metadata.labels.batch\.kubernetes\.io/job-completion-index} {.spec.hostname}{"\n"}{end}'"
    Then the output is:
      """
      0 indexed-0
      1 indexed-1
      2 indexed-2
      """
    When I run "kubectl get pods"
    Then the output matches "indexed-0-[bcdfghjklmnpqrstvwxz2456789]{5} +0/1 +Completed"
    And the output matches "indexed-2-[bcdfghjklmnpqrstvwxz2456789]{5} +0/1 +Completed"
    When I run "kubectl get job indexed -o jsonpath='{.status.completedIndexes}'"
    Then the output is:
      """
      0-2
      """

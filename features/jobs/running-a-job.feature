@jobs
Feature: Running a Job to completion
  A Job runs pods until enough of them succeed, and does not restart a container that finished
  its work (Kubernetes in Action, 4.5, P112-P114). The seed's batch-job image prints a line,
  sleeps 120 seconds and prints another. Its pod is scheduled and pulls the image in 4 seconds;
  the Job controller counts the finished pod one second after it exits (its batching period).

  Scenario: batch-job.yaml runs one pod, Running and then Completed after two minutes
    When I run "kubectl create -f batch-job.yaml"
    Then the output is:
      """
      job.batch/batch-job created
      """
    When 10 seconds pass
    And I run "kubectl get jobs"
    Then the output is:
      """
      NAME        STATUS    COMPLETIONS   DURATION   AGE
      batch-job   Running   0/1           10s        10s
      """
    When I run "kubectl get pods"
    Then the output matches "^NAME +READY +STATUS +RESTARTS +AGE\nbatch-job-[bcdfghjklmnpqrstvwxz2456789]{5} +1/1 +Running +0 +10s\n$"
    When 2 minutes pass
    And I run "kubectl get pods"
    Then the output matches "^NAME +READY +STATUS +RESTARTS +AGE\nbatch-job-[bcdfghjklmnpqrstvwxz2456789]{5} +0/1 +Completed +0 +2m10s\n$"
    When I run "kubectl logs job/batch-job"
    Then the output is:
      """
      Sun Jun  7 22:00:04 UTC 2020 Batch job starting
      Sun Jun  7 22:02:04 UTC 2020 Finished succesfully
      """
    When I run "kubectl get jobs"
    Then the output is:
      """
      NAME        STATUS     COMPLETIONS   DURATION   AGE
      batch-job   Complete   1/1           2m5s       2m10s
      """

  Scenario: v1.32 sets SuccessCriteriaMet before Complete, with the same reason
    When I apply "batch-job.yaml"
    And 3 minutes pass
    And I run "kubectl get job batch-job -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'"
    Then the output is:
      """
      SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods
      Complete=True CompletionsReached: Reached expected number of succeeded pods
      """
    When I run "kubectl get job batch-job -o jsonpath='{.status.startTime} {.status.completionTime} {.status.succeeded} {.status.uncountedTerminatedPods}'"
    Then the output is:
      """
      2020-06-07T22:00:00Z 2020-06-07T22:02:05Z 1 {}
      """
    When I run "kubectl describe job batch-job"
    Then the output contains "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed"
    And the output contains "Duration:         2m5s"
    And the output matches "Normal  SuccessfulCreate  3m    job-controller  Created pod: batch-job-[a-z0-9]{5}\n  Normal  Completed         55s   job-controller  Job completed\n$"

  Scenario: the apiserver generates the selector from the Job's uid and labels its pods
    When I apply "batch-job.yaml"
    And I run "UID=$(kubectl get job batch-job -o jsonpath='{.metadata.uid}')"
    And I run "kubectl get job batch-job -o jsonpath='{.spec.selector.matchLabels}'"
    Then the output matches "^\{.batch\.kubernetes\.io/controller-uid.:.[0-9a-f-]{36}.\}$"
    When I run "kubectl get pods -l batch.kubernetes.io/controller-uid=$UID --show-labels"
    Then the output matches "app=batch-job,batch.kubernetes.io/controller-uid=[0-9a-f-]{36},batch.kubernetes.io/job-name=batch-job,controller-uid=[0-9a-f-]{36},job-name=batch-job"
    When I run "kubectl get pods -l job-name=batch-job -o jsonpath='{.items[0].metadata.finalizers}'"
    Then the output is:
      """
      ["batch.kubernetes.io/job-tracking"]
      """

  Scenario: a Job's pods cannot use restartPolicy Always
    When I try to apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: forever
      spec:
        template:
          spec:
            containers:
              - name: main
                image: idealism/batch-job
      """
    Then the command fails with:
      """
      The Job "forever" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"
      """

  Scenario: kubectl delete job takes the pods with it; --cascade=orphan leaves them running
    When I apply "batch-job.yaml"
    And 10 seconds pass
    And I run "kubectl delete job batch-job --cascade=orphan"
    Then the output is:
      """
      job.batch "batch-job" deleted
      """
    And 1 pod runs
    When I run "kubectl get pods -l app=batch-job -o jsonpath='{.items[0].metadata.ownerReferences}{.items[0].metadata.finalizers}'"
    Then the output is:
      """
      """
    When I apply "batch-job.yaml"
    And 10 seconds pass
    Then 2 pods run
    When I run "kubectl delete job batch-job"
    Then the output is:
      """
      job.batch "batch-job" deleted
      """
    When 1 second passes
    Then 1 pod is Terminating

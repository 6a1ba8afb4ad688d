@jobs
Feature: A Job's pod on a failed node is replaced
  When a node fails, the pods it ran are evicted once their tolerations for the unreachable or
  not-ready taint run out (300 s by default); a Job counts an evicted pod as failed and creates a
  replacement on a node that works (Kubernetes in Action, figure 4.10, P112).

  Scenario: the pod of a long Job moves from a NotReady node to the other one
    Given a cluster with nodes m01 and m02
    # m02 is cordoned while the Job starts, so its pod lands on m01.
    When I run "kubectl cordon m02"
    And I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: long-job
      spec:
        template:
          spec:
            restartPolicy: OnFailure
            containers:
              - name: main
                image: busybox
                command: ["sleep", "3600"]
      """
    And 10 seconds pass
    And I run "kubectl uncordon m02"
    And node m01 goes NotReady
    And 7 minutes pass
    And I run "kubectl get pods -o wide"
    # The evicted pod stays Terminating while its node cannot be reached; its replacement runs on m02.
    Then the output matches "long-job-[bcdfghjklmnpqrstvwxz2456789]{5} +1/1 +Terminating +0 +7m10s +10\.244\.1\.\d+ +m01 "
    And the output matches "long-job-[bcdfghjklmnpqrstvwxz2456789]{5} +1/1 +Running +0 +\S+ +10\.244\.2\.\d+ +m02 "
    When I run "kubectl get job long-job -o jsonpath='{.status.active} {.status.failed}'"
    Then the output is:
      """
      1 1
      """
    When I run "kubectl get events --field-selector involvedObject.kind=Job -o custom-columns=REASON:.reason"
    Then the output is:
      """
      REASON
      SuccessfulCreate
      SuccessfulCreate
      """

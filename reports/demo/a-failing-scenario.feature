@liveness-probes
Feature: A failing scenario, to show what a failure looks like in the report
  Not one of the built-in features: the browser check (test/browser/report.browser.ts) runs it
  beside them, and the README's screenshot of a failure shows it. It expects one restart where the
  kubelet has made two.

  Scenario: a liveness probe restarts the container once in four minutes (wrong: twice)
    Given a cluster with nodes m01, m02 and m03
    When I run "kubectl create -f kubia-liveness-probe.yaml"
    And 4m9s pass
    And I run "kubectl get pod kubia-liveness"
    Then the output is:
      """
      NAME             READY   STATUS    RESTARTS      AGE
      kubia-liveness   1/1     Running   1 (29s ago)   4m9s
      """

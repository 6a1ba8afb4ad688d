@liveness-probes
Feature: The Kubernetes documentation's liveness examples
  From "Configure Liveness, Readiness and Startup Probes" (kubernetes.io): an exec probe reading a
  file a shell script removes after 30 seconds, and agnhost's /healthz that answers 200 for
  10 seconds, then 500.

  Scenario: an exec liveness probe fails once /tmp/healthy is gone
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        labels:
          test: liveness
        name: liveness-exec
      spec:
        containers:
        - name: liveness
          image: registry.k8s.io/busybox:1.27.2
          args:
          - /bin/sh
          - -c
          - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
          livenessProbe:
            exec:
              command:
              - cat
              - /tmp/healthy
            initialDelaySeconds: 5
            periodSeconds: 5
      """
    # The container starts at 4 s and removes the file at 34 s; probes run every 5 s from 10 s.
    When 34 seconds pass
    Then the output of "kubectl get events --field-selector reason=Unhealthy" is empty
    When 11 seconds pass
    And I run "kubectl describe pod liveness-exec"
    Then the output matches "Warning +Unhealthy +0s \(x3 over 10s\) +kubelet +Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"
    And the output matches "Normal +Killing +0s +kubelet +Container liveness failed liveness probe, will be restarted\n"
    # sh as PID 1 ignores SIGTERM: SIGKILL after the 30 s grace period, then an immediate restart.
    When 30 seconds pass
    And I run "kubectl get pod liveness-exec"
    Then the output is:
      """
      NAME            READY   STATUS    RESTARTS     AGE
      liveness-exec   1/1     Running   1 (0s ago)   75s
      """

  Scenario: an HTTP liveness probe against agnhost liveness
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        labels:
          test: liveness
        name: liveness-http
      spec:
        containers:
        - name: liveness
          image: registry.k8s.io/e2e-test-images/agnhost:2.40
          args:
          - liveness
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
              httpHeaders:
              - name: Custom-Header
                value: Awesome
            initialDelaySeconds: 3
            periodSeconds: 3
      """
    # Started at 4 s: 200 until 14 s, then 500. Probes every 3 s from 9 s: 15, 18 and 21 s fail.
    When 21 seconds pass
    And I run "kubectl describe pod liveness-http"
    Then the output matches "Warning +Unhealthy +0s \(x3 over 6s\) +kubelet +Liveness probe failed: HTTP probe failed with statuscode: 500\n"
    And the output matches "Normal +Killing +0s +kubelet +Container liveness failed liveness probe, will be restarted\n"
    # agnhost exits on SIGTERM (it dies of the signal: exit code 143) and is restarted at once.
    When I run "kubectl get pod liveness-http -o jsonpath='{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.exitCode}'"
    Then the output is:
      """
      1 143
      """

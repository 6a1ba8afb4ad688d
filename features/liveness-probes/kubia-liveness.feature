@liveness-probes
Feature: A liveness probe restarts an unhealthy container
  The kubelet probes the container every 10 seconds. kubia-unhealthy answers 200 to its first
  five requests and 500 after. Each failed probe is an Unhealthy event; at the third failure in
  a row the kubelet kills the container ("failed liveness probe, will be restarted"). Node as PID 1
  ignores SIGTERM, so the container dies of SIGKILL (exit code 137) when the 30-second grace
  period ends, and is restarted: at once the first time, after the crash-loop back-off later
  (Kubernetes in Action, 4.1, P85-P88; pkg/kubelet/prober, pkg/kubelet/kuberuntime).

  Background:
    Given a cluster with nodes m01, m02 and m03
    When I run "kubectl create -f kubia-liveness-probe.yaml"

  Scenario: two restarts after about four minutes, as in the seed
    When 4m9s pass
    And I run "kubectl get pod kubia-liveness"
    Then the output is:
      """
      NAME             READY   STATUS    RESTARTS      AGE
      kubia-liveness   1/1     Running   2 (29s ago)   4m9s
      """

  Scenario: the timeline of the first restart
    # Probes at 10 s, 20 s, … after the pod worker started; the container runs from 4 s (after
    # a 1 s sandbox and a 3 s pull); requests 1-5 succeed, 6-8 fail.
    When 59 seconds pass
    Then the output of "kubectl get events --field-selector reason=Unhealthy" is empty
    When 1 second passes
    And I run "kubectl get events --field-selector reason=Unhealthy -o jsonpath='{.items[0].message} x{.items[0].count}'"
    Then the output is:
      """
      Liveness probe failed: HTTP probe failed with statuscode: 500 x1
      """
    When 20 seconds pass
    And I run "kubectl describe pod kubia-liveness"
    Then the output matches "Warning +Unhealthy +0s \(x3 over 20s\) +kubelet +Liveness probe failed: HTTP probe failed with statuscode: 500\n"
    And the output matches "Normal +Killing +0s +kubelet +Container kubia failed liveness probe, will be restarted\n"
    # The process ignores SIGTERM: it runs out the 30 s grace period.
    When 29 seconds pass
    And I run "kubectl get pod kubia-liveness -o jsonpath='{.status.containerStatuses[0].restartCount}'"
    Then the output is:
      """
      0
      """
    # SIGKILL: the container shows as terminated while the kubelet pulls the image again (imagePullPolicy Always).
    When 1 second passes
    And I run "kubectl get pod kubia-liveness --no-headers"
    Then the output matches "^kubia-liveness +0/1 +Error +0 +110s\n$"
    When 1 second passes
    And I run "kubectl get pod kubia-liveness -o jsonpath='{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].lastState.terminated.reason}'"
    Then the output is:
      """
      1 137 Error
      """

  Scenario: kubectl logs --previous shows the container that was killed
    When 4m9s pass
    And I run "kubectl logs kubia-liveness --previous"
    # The requests come from the node's address on the pod network (which node depends on the seed).
    Then the output matches "^Kubia server starting...\n(Received request from ::ffff:10\.244\.\d+\.1\n){8}$"
    When I run "kubectl logs kubia-liveness --tail=1"
    Then the output matches "^Received request from ::ffff:10\.244\.\d+\.1\n$"

  Scenario: kubectl describe pod shows the last state, the restart count and the probe
    When 4m9s pass
    And I run "kubectl describe pod kubia-liveness"
    # The second restart waits out the back-off plus the pod worker's 10-15 s resync, so its time varies with the seed.
    Then the output matches "    State:          Running\n      Started:      Sun, 07 Jun 2020 22:03:5\d \+0000\n    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137\n      Started:      Sun, 07 Jun 2020 22:01:50 \+0000\n      Finished:     Sun, 07 Jun 2020 22:03:40 \+0000\n    Ready:          True\n    Restart Count:  2\n    Liveness:       http-get http://:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3\n"
    And the output matches "Warning +Unhealthy +59s \(x6 over 3m9s\) +kubelet +Liveness probe failed: HTTP probe failed with statuscode: 500\n"
    And the output matches "Normal +Killing +59s \(x2 over 2m49s\) +kubelet +Container kubia failed liveness probe, will be restarted\n"
    And the output matches "Warning +BackOff +\d+s +kubelet +Back-off restarting failed container kubia in pod kubia-liveness_default\([0-9a-f-]+\)\n"

  Scenario: initialDelaySeconds delays the first probe
    When I run "kubectl delete pod kubia-liveness --now"
    And 5 seconds pass
    And I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia-liveness
      spec:
        containers:
          - image: idealism/kubia-unhealthy
            name: kubia
            ports:
              - containerPort: 8080
            livenessProbe:
              httpGet:
                port: 8080
                path: /
              initialDelaySeconds: 15
      """
    # The pull now takes 0.5 s (the image is on the node); the first probes are skipped until the
    # container has run 15 s: the first request goes out at 20 s, the sixth at 70 s.
    When 69 seconds pass
    Then the output of "kubectl get events --field-selector reason=Unhealthy" is empty
    When 1 second passes
    And I run "kubectl describe pod kubia-liveness"
    Then the output contains "Liveness:       http-get http://:8080/ delay=15s timeout=1s period=10s #success=1 #failure=3"
    And the output matches "Warning +Unhealthy +0s +kubelet +Liveness probe failed: HTTP probe failed with statuscode: 500\n"

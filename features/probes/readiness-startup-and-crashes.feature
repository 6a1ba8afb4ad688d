@probes
Feature: Readiness and startup probes, restart policies and the crash-loop back-off
  A readiness probe never restarts anything: it only decides whether the container is ready
  (the READY column, the pod's Ready condition). A startup probe holds the liveness and
  readiness probes back until it succeeds. A container that keeps exiting is restarted after a
  back-off of 10 s, doubling to 5 minutes (pkg/kubelet/prober, kuberuntime_manager.go doBackOff).

  Scenario: a readiness probe that fails keeps the pod out of READY, without restarts
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
          - name: kubia
            image: luksa/kubia
            ports:
              - containerPort: 8080
            readinessProbe:
              httpGet:
                port: 8081
                path: /
      """
    And 5 minutes pass
    When I run "kubectl get pod kubia"
    Then the output is:
      """
      NAME    READY   STATUS    RESTARTS   AGE
      kubia   0/1     Running   0          5m
      """
    When I run "kubectl get pod kubia -o jsonpath='{.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].reason}'"
    Then the output is:
      """
      False ContainersNotReady
      """
    When I run "kubectl describe pod kubia"
    Then the output matches "Warning +Unhealthy +\S+ \(x\d+ over \S+\) +kubelet +Readiness probe failed: Get \"http://10\.244\.\d+\.\d+:8081/\": dial tcp 10\.244\.\d+\.\d+:8081: connect: connection refused\n"
    And the output contains "Readiness:      http-get http://:8081/ delay=0s timeout=1s period=10s #success=1 #failure=3"

  Scenario: a readiness probe that succeeds makes the container ready at its first probe
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
          - name: kubia
            image: luksa/kubia
            readinessProbe:
              httpGet:
                port: 8080
      """
    # A readiness worker without a result probes a newly running container at once.
    When 4 seconds pass
    And I run "kubectl get pod kubia --no-headers"
    Then the output matches "^kubia +1/1 +Running +0 +4s\n$"

  Scenario Outline: a slow starter <fate>
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: slow
        annotations:
          kube-scenarios.io/behaviour: |
            app:
              listenAfter: 90s
      spec:
        containers:
          - name: app
            image: nginx:1.27
            ports:
              - containerPort: 80
            <startup>
            livenessProbe:
              httpGet:
                port: 80
              failureThreshold: 1
              periodSeconds: 10
      """
    And 3 minutes pass
    When I run "kubectl get pod slow --no-headers"
    Then the output matches "^slow +\d/1 +\S+ +<restarts>"

    Examples:
      | fate                                                   | startup                                                                      | restarts |
      | is killed by its liveness probe without a startup probe |                                                                              | [1-9]    |
      | survives behind a startup probe                        | startupProbe: {httpGet: {port: 80}, failureThreshold: 30, periodSeconds: 10} | 0 +      |

  Scenario: a container that keeps crashing backs off: 10 s, 20 s, 40 s …
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: crash
      spec:
        containers:
          - name: crash
            image: busybox
            command: ["sh", "-c", "echo crashing; exit 1"]
      """
    And 5 seconds pass
    And I run "kubectl get pod crash --no-headers"
    Then the output matches "^crash +0/1 +CrashLoopBackOff +1 \(\d+s ago\) +5s\n$"
    When 3 minutes pass
    And I run "kubectl get pod crash -o jsonpath='{.status.containerStatuses[0].state.waiting.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}'"
    Then the output is:
      """
      CrashLoopBackOff 1
      """
    When I run "kubectl describe pod crash"
    Then the output matches "Warning +BackOff +\S+ \(x\d+ over \S+\) +kubelet +Back-off restarting failed container crash in pod crash_default\([0-9a-f-]+\)\n"
    And the output matches "Restart Count:  [4-6]\n"
    When I run "kubectl logs crash"
    Then the output is:
      """
      crashing
      """

  Scenario Outline: restartPolicy <policy> with exit code <code> ends in <status>
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: once
      spec:
        restartPolicy: <policy>
        containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "echo working; sleep 5; exit <code>"]
      """
    And 1 minute passes
    And I run "kubectl get pod once -o jsonpath='{.status.phase} {.status.containerStatuses[0].restartCount}'"
    Then the output matches "^<phase> <restarts>$"
    When I run "kubectl get pod once --no-headers"
    Then the output matches "^once +\d/1 +<status> +"

    Examples:
      | policy    | code | phase     | restarts | status           |
      | Never     | 0    | Succeeded | 0        | Completed        |
      | Never     | 3    | Failed    | 0        | Error            |
      | OnFailure | 0    | Succeeded | 0        | Completed        |
      | OnFailure | 3    | Running   | [23]     | (Running\|Error\|CrashLoopBackOff) |

  Scenario: an image the scenario describes: answers 500 on /health after 2 minutes
    Given image "example.com/shop:1.0" answers 500 on "/health" after 2 minutes
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: shop
      spec:
        containers:
          - name: shop
            image: example.com/shop:1.0
            livenessProbe:
              httpGet:
                port: 8080
                path: /health
      """
    And 2 minutes pass
    Then the output of "kubectl get events --field-selector reason=Killing" is empty
    When 30 seconds pass
    And I run "kubectl get events --field-selector reason=Killing -o jsonpath='{.items[0].message}'"
    Then the output is:
      """
      Container shop failed liveness probe, will be restarted
      """

  Scenario: a command the image does not have cannot start: StartError, then the back-off
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: py
      spec:
        containers:
          - name: app
            image: busybox
            command: ["python", "app.py"]
      """
    And 5 seconds pass
    And I run "kubectl get pod py -o jsonpath='{.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}'"
    Then the output is:
      """
      StartError 128
      """
    When I run "kubectl describe pod py"
    Then the output contains "Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"python\": executable file not found in $PATH: unknown"

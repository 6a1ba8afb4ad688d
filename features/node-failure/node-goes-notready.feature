@node-failure
Feature: A node whose network goes down turns NotReady, and its pods are evicted
  The seed cuts a node's network (`sudo ifconfig eth0 down`, Kubernetes in Action 4.1, P96).
  The kubelet keeps its containers but can no longer renew its Lease (every 10 s). The node
  controller checks every 5 s; once the last renewal is more than 50 s old (v1.32's
  node-monitor-grace-period) it marks the node's conditions Unknown, so `kubectl get nodes` shows
  NotReady, taints the node unreachable (NoSchedule at once, NoExecute at its next check) and
  marks the node's pods not ready. Pods tolerate the unreachable taint for 300 s (the
  DefaultTolerationSeconds admission); then the taint-eviction controller deletes them. The
  Deployment replaces its pod at once on another node; nothing replaces the bare pod (figure 4.1).

  In these scenarios the network goes down 10 s after the cluster started, just after a Lease
  renewal: the node is NotReady 55 s later, tainted NoExecute 60 s later, and its pods are
  evicted 360 s later.

  Background:
    Given a Deployment with 3 replicas
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia-manual
      spec:
        nodeSelector:
          kubernetes.io/hostname: m02
        containers:
          - name: kubia
            image: luksa/kubia
            ports:
              - containerPort: 8080
                protocol: TCP
      """
    And 6 seconds pass

  Scenario: NotReady after the grace period, the pods evicted five minutes later
    When node m02 goes NotReady
    And 50 seconds pass
    And I run "kubectl get nodes"
    Then the output is:
      """
      NAME   STATUS   ROLES    AGE   VERSION
      m01    Ready    <none>   60s   v1.32.0
      m02    Ready    <none>   60s   v1.32.0
      m03    Ready    <none>   60s   v1.32.0
      """
    When 5 seconds pass
    And I run "kubectl get nodes"
    Then the output is:
      """
      NAME   STATUS     ROLES    AGE   VERSION
      m01    Ready      <none>   65s   v1.32.0
      m02    NotReady   <none>   65s   v1.32.0
      m03    Ready      <none>   65s   v1.32.0
      """
    # The pods are still shown Running: nothing can report otherwise from a node nobody reaches.
    When I run "kubectl get pods -o wide"
    Then the output matches "kubia-\S+ +1/1 +Running +0 +65s +10\.244\.2\.\d+ +m02 "
    And the output matches "kubia-manual +1/1 +Running +0 +61s +10\.244\.2\.\d+ +m02 "
    And 4 pods run
    When 5 seconds pass
    And I run "kubectl describe node m02"
    Then the output matches "Taints: +node.kubernetes.io/unreachable:NoExecute\n +node.kubernetes.io/unreachable:NoSchedule\nUnschedulable: +false\n"
    When 299 seconds pass
    Then 4 pods run
    When 1 second passes
    And I run "kubectl get pods -o wide"
    Then the output matches "kubia-\S+ +1/1 +Terminating +0 +6m10s +10\.244\.2\.\d+ +m02 "
    And the output matches "kubia-manual +1/1 +Terminating +0 +6m6s +10\.244\.2\.\d+ +m02 "
    And the output matches "kubia-\S+ +0/1 +ContainerCreating +0 +0s +<none> +m0[13] "
    When I run "kubectl get events --field-selector reason=TaintManagerEviction"
    Then the output matches "^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n0s +Normal +TaintManagerEviction +pod/kubia-\S+ +Marking for deletion Pod default/kubia-\S+\n0s +Normal +TaintManagerEviction +pod/kubia-manual +Marking for deletion Pod default/kubia-manual\n$"
    When 5 seconds pass
    Then 3 pods matching "app=kubia" are Running
    And 1 pod matching "app=kubia" is Terminating
    When I run "kubectl get deployment kubia"
    Then the output matches "kubia +3/3 +3 +3 +6m15s\n"

  Scenario: the pods on the node are marked not ready, with an event
    When node m02 goes NotReady
    And 1 minute passes
    And I run "kubectl get pod kubia-manual -o jsonpath='{.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="ContainersReady")].status}'"
    Then the output is:
      """
      False True
      """
    When I run "kubectl describe pod kubia-manual"
    Then the output matches "Warning +NodeNotReady +5s +node-controller +Node is not ready\n"
    When I run "kubectl get deployment kubia"
    Then the output matches "kubia +2/3 +3 +2 +70s\n"

  Scenario: describe node shows why: Unknown conditions, the taints and the last Lease renewal
    When node m02 goes NotReady
    And 1 minute passes
    And I run "kubectl describe node m02"
    Then the output matches "Lease:\n  HolderIdentity:  m02\n  AcquireTime:     <unset>\n  RenewTime:       Sun, 07 Jun 2020 22:00:10 \+0000\n"
    And the output matches "  Ready +Unknown +Sun, 07 Jun 2020 22:00:00 \+0000 +Sun, 07 Jun 2020 22:01:05 \+0000 +NodeStatusUnknown +Kubelet stopped posting node status.\n"
    And the output matches "  MemoryPressure +Unknown +Sun, 07 Jun 2020 22:00:00 \+0000 +Sun, 07 Jun 2020 22:01:05 \+0000 +NodeStatusUnknown +Kubelet stopped posting node status.\n"
    And the output matches "Normal +NodeNotReady +5s +node-controller +Node m02 status is now: NodeNotReady\n"
    When I run "kubectl get node m02 -o jsonpath='{range .spec.taints[*]}{.key}:{.effect} {.timeAdded}{"\n"}{end}'"
    Then the output is:
      """
      node.kubernetes.io/unreachable:NoSchedule 2020-06-07T22:01:05Z
      node.kubernetes.io/unreachable:NoExecute 2020-06-07T22:01:10Z
      """

  Scenario: the node comes back before its pods are evicted, and the evictions are cancelled
    When node m02 goes NotReady
    And 2 minutes pass
    And node m02 comes back
    And 10 seconds pass
    And I run "kubectl get nodes m02"
    Then the output matches "m02 +Ready +<none> "
    When I run "kubectl describe node m02"
    Then the output matches "Taints: +<none>\n"
    And the output matches "Normal +NodeReady +\d+s +kubelet +Node m02 status is now: NodeReady\n"
    When I run "kubectl get events --field-selector reason=TaintManagerEviction -o jsonpath='{range .items[*]}{.message}{"\n"}{end}'"
    Then the output matches "^Cancelling deletion of Pod default/kubia-\S+\nCancelling deletion of Pod default/kubia-manual\n$"
    When 10 minutes pass
    Then 4 pods run

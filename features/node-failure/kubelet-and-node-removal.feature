@node-failure
Feature: A stopped kubelet, a removed node, and the DaemonSet pods that stay
  A stopped kubelet looks to the control plane just like a node without network: its Lease is
  not renewed, so the node goes NotReady after the grace period. Started again, the kubelet posts
  its status at once. A node whose machine is gone is deleted; the pod garbage collector then
  force-deletes the pods bound to it once the node has been missing for a 40 s quarantine
  (pkg/controller/podgc). DaemonSet pods tolerate the not-ready and unreachable taints with no
  time limit, so a node failure never evicts them.

  Scenario: the kubelet stops, then starts again
    Given a Deployment with 3 replicas
    And 6 seconds pass
    When the kubelet on m03 stops
    And 55 seconds pass
    And I run "kubectl get nodes m03"
    Then the output matches "m03 +NotReady +<none> +65s "
    When the kubelet on m03 starts
    And I run "kubectl get nodes m03"
    Then the output matches "m03 +Ready +<none> +65s "
    When I run "kubectl describe node m03"
    Then the output matches "Normal +Starting +0s \(x2 over 65s\) +kubelet +Starting kubelet.\n"
    And the output matches "Normal +NodeReady +0s +kubelet +Node m03 status is now: NodeReady\n"
    And the output matches "RenewTime: +Sun, 07 Jun 2020 22:01:05 \+0000\n"

  Scenario: a deleted node's pods are collected after the quarantine
    Given a Deployment with 3 replicas
    And 6 seconds pass
    When node m02 is deleted
    And I run "kubectl get nodes"
    Then the output is:
      """
      NAME   STATUS   ROLES    AGE   VERSION
      m01    Ready    <none>   10s   v1.32.0
      m03    Ready    <none>   10s   v1.32.0
      """
    And 3 pods run
    When 49 seconds pass
    Then 3 pods run
    When 1 second passes
    And I run "kubectl get pods -o wide"
    Then the output matches "kubia-\S+ +0/1 +ContainerCreating +0 +0s +<none> +m0[13] "
    And the output does not contain "m02"
    When I run "kubectl get events --field-selector involvedObject.name=m02 -o jsonpath='{range .items[*]}{.reason}{"\n"}{end}'"
    Then the output contains "RemovingNode"

  Scenario: the DaemonSet pod on a lost node is never evicted
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: node-agent
      spec:
        selector:
          matchLabels:
            app: node-agent
        template:
          metadata:
            labels:
              app: node-agent
          spec:
            containers:
              - name: agent
                image: nginx:1.26
      """
    And 10 seconds pass
    And node m02 goes NotReady
    And 15 minutes pass
    Then 3 pods run
    And the output of "kubectl get events --field-selector reason=TaintManagerEviction -o name" is empty
    # The unreachable node's NoSchedule taint is not tolerated, so it no longer counts as a node
    # that should run the pod: its pod, still there, counts as misscheduled.
    When I run "kubectl get ds node-agent"
    Then the output matches "node-agent +2 +2 +2 +2 +2 +<none> +15m\n"
    When I run "kubectl describe ds node-agent"
    Then the output matches "Number of Nodes Misscheduled: 1\nPods Status: +3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"

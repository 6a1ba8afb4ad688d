@node-failure
Feature: How fast nodes are tainted for eviction, and when the node controller holds back
  The node controller adds the NoExecute taints that evict pods through a rate-limited queue per
  zone: 0.1 nodes a second (one every 10 s) while the zone is healthy. A zone where more than two
  nodes and at least 55% of them are NotReady is partially disrupted: a cluster of 50 nodes or
  fewer then taints nothing more, a larger one 0.01 nodes a second. When every node is NotReady
  the controller assumes its own network is at fault (master disruption mode): it removes the
  NoExecute taints and evicts nothing (pkg/controller/nodelifecycle).

  Scenario: two nodes lost at once are tainted ten seconds apart
    Given a cluster with 5 nodes
    And a Deployment with 5 replicas
    And 6 seconds pass
    When node m02 goes NotReady
    And node m03 goes NotReady
    And 2 minutes pass
    And I run "kubectl get nodes m02 m03 -o jsonpath='{range .items[*]}{.metadata.name} {.spec.taints[?(@.effect=="NoExecute")].timeAdded}{"\n"}{end}'"
    Then the output is:
      """
      m02 2020-06-07T22:01:10Z
      m03 2020-06-07T22:01:20Z
      """
    When 4 minutes pass
    Then 1 pod is Terminating
    When 10 seconds pass
    Then 2 pods are Terminating
    And 1 pod is ContainerCreating
    And 4 pods run

  Scenario: three of four nodes lost: a partially disrupted small cluster evicts nothing
    Given a cluster with 4 nodes
    And a Deployment with 4 replicas
    And 6 seconds pass
    When node m02 goes NotReady
    And node m03 goes NotReady
    And node m04 goes NotReady
    And 10 minutes pass
    And I run "kubectl get nodes"
    Then the output is:
      """
      NAME   STATUS     ROLES    AGE   VERSION
      m01    Ready      <none>   10m   v1.32.0
      m02    NotReady   <none>   10m   v1.32.0
      m03    NotReady   <none>   10m   v1.32.0
      m04    NotReady   <none>   10m   v1.32.0
      """
    And 4 pods run
    When I run "kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}:{range .spec.taints[*]} {.key}:{.effect}{end}{"\n"}{end}'"
    Then the output is:
      """
      m01:
      m02: node.kubernetes.io/unreachable:NoSchedule
      m03: node.kubernetes.io/unreachable:NoSchedule
      m04: node.kubernetes.io/unreachable:NoSchedule
      """

  Scenario: every node lost: master disruption mode removes the NoExecute taints
    Given a Deployment with 3 replicas
    And 6 seconds pass
    When node m01 goes NotReady
    And node m02 goes NotReady
    And node m03 goes NotReady
    And 10 minutes pass
    And I run "kubectl get nodes"
    Then the output is:
      """
      NAME   STATUS     ROLES    AGE   VERSION
      m01    NotReady   <none>   10m   v1.32.0
      m02    NotReady   <none>   10m   v1.32.0
      m03    NotReady   <none>   10m   v1.32.0
      """
    And 3 pods run
    And the output of "kubectl get events --field-selector reason=TaintManagerEviction -o name" is empty
    When I run "kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}:{range .spec.taints[*]} {.key}:{.effect}{end}{"\n"}{end}'"
    Then the output is:
      """
      m01: node.kubernetes.io/unreachable:NoSchedule
      m02: node.kubernetes.io/unreachable:NoSchedule
      m03: node.kubernetes.io/unreachable:NoSchedule
      """

  Scenario: a pod that tolerates the unreachable taint longer stays longer
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: patient
      spec:
        nodeSelector:
          kubernetes.io/hostname: m02
        tolerations:
          - key: node.kubernetes.io/unreachable
            operator: Exists
            effect: NoExecute
            tolerationSeconds: 600
        containers:
          - name: main
            image: nginx
      """
    And I run "kubectl get pod patient -o jsonpath='{.spec.tolerations}'"
    Then the output is:
      """
      [{"effect":"NoExecute","key":"node.kubernetes.io/unreachable","operator":"Exists","tolerationSeconds":600},{"effect":"NoExecute","key":"node.kubernetes.io/not-ready","operator":"Exists","tolerationSeconds":300}]
      """
    When 10 seconds pass
    And node m02 goes NotReady
    And 10 minutes pass
    Then 1 pod is Running
    When 1 minute passes
    Then 0 pods run

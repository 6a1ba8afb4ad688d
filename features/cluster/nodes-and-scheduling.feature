@scheduling
Feature: The simulated cluster's nodes, and where the scheduler puts pods
  Nodes register with the usual labels and a documented default size (4 CPU, 8Gi of memory,
  110 pods). The scheduler filters nodes (unschedulable, taints, node selector and affinity,
  resource requests) and spreads the pods of one owner across the nodes that remain; a pod that
  fits nowhere stays Pending with the FailedScheduling event (pkg/scheduler).

  Scenario: a cluster of 4 nodes, at a chosen time
    Given a cluster with 4 nodes
    And the time is "2024-01-15T09:30:00Z"
    When I run "kubectl get nodes --show-labels"
    Then the output is:
      """
      NAME   STATUS   ROLES    AGE   VERSION   LABELS
      m01    Ready    <none>   0s    v1.32.0   beta.kubernetes.io/arch=amd64,beta.kubernetes.io/os=linux,kubernetes.io/arch=amd64,kubernetes.io/hostname=m01,kubernetes.io/os=linux
      m02    Ready    <none>   0s    v1.32.0   beta.kubernetes.io/arch=amd64,beta.kubernetes.io/os=linux,kubernetes.io/arch=amd64,kubernetes.io/hostname=m02,kubernetes.io/os=linux
      m03    Ready    <none>   0s    v1.32.0   beta.kubernetes.io/arch=amd64,beta.kubernetes.io/os=linux,kubernetes.io/arch=amd64,kubernetes.io/hostname=m03,kubernetes.io/os=linux
      m04    Ready    <none>   0s    v1.32.0   beta.kubernetes.io/arch=amd64,beta.kubernetes.io/os=linux,kubernetes.io/arch=amd64,kubernetes.io/hostname=m04,kubernetes.io/os=linux
      """
    When I run "kubectl get node m01 -o jsonpath='{.metadata.creationTimestamp} {.status.capacity.cpu} {.status.capacity.memory} {.status.capacity.pods}'"
    Then the output is:
      """
      2024-01-15T09:30:00Z 4 8Gi 110
      """

  Scenario: a Deployment's pods spread over all nodes
    Given a cluster with nodes a, b, c and d
    And a Deployment "web" with 8 replicas
    When I run "kubectl get pods -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}'"
    Then the output matches "^(?=(?:.*\n)*a\n(?:.*\n)*a\n)(?=(?:.*\n)*b\n(?:.*\n)*b\n)(?=(?:.*\n)*c\n(?:.*\n)*c\n)(?=(?:.*\n)*d\n(?:.*\n)*d\n)"
    And 8 pods matching "app=web" are Running

  Scenario: pods that fit nowhere stay Pending with the scheduler's reasons
    Given each node has capacity "cpu=1,memory=2Gi,pods=110"
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: big
      spec:
        replicas: 4
        selector:
          matchLabels:
            app: big
        template:
          metadata:
            labels:
              app: big
          spec:
            containers:
              - name: big
                image: nginx
                resources:
                  requests:
                    cpu: 600m
      """
    And 10 seconds pass
    Then 3 pods matching "app=big" are Running
    And 1 pod is Pending
    When I run "kubectl get events --field-selector reason=FailedScheduling -o jsonpath='{.items[0].message}'"
    Then the output is:
      """
      0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..
      """

  Scenario: room on one node lets the pending pod in
    Given node m03 has capacity "cpu=2"
    And each node has capacity "cpu=1"
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: big
      spec:
        replicas: 4
        selector:
          matchLabels:
            app: big
        template:
          metadata:
            labels:
              app: big
          spec:
            containers:
              - name: big
                image: nginx
                resources:
                  requests:
                    cpu: 600m
      """
    And 10 seconds pass
    Then 4 pods matching "app=big" are Running
    When I run "kubectl get pods -l app=big -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}'"
    Then the output matches "m03\n(?:.*\n)*m03\n|m03\nm03\n"

  Scenario: a node selector that no node matches
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: picky
      spec:
        nodeSelector:
          disk: ssd
        containers:
          - name: main
            image: nginx
      """
    And 1 minute passes
    Then 1 pod is Pending
    When I run "kubectl describe pod picky"
    Then the output matches "Warning +FailedScheduling +\d+s +default-scheduler +0/3 nodes are available: 3 node\(s\) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.."
    When I run "kubectl label node m02 disk=ssd"
    Then the command succeeds
    And the output does not contain "error"
    When 5 seconds pass
    And I run "kubectl get pod picky -o jsonpath='{.spec.nodeName}'"
    Then the output is:
      """
      m02
      """

  Scenario: the seed decides names, not outcomes
    Given the seed is 42
    And a Deployment with 3 replicas
    Then 3 pods run
    When I run "kubectl get pods -o name"
    Then the output matches "^(pod/kubia-[4-9bcdf]+-[bcdfghjklmnpqrstvwxz2456789]{5}\n){3}$"

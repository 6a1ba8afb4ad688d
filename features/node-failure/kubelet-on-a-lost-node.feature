@node-failure
Feature: What the kubelet on a lost node does, and does not do
  While its node cannot reach the apiserver, or while the kubelet itself is stopped, the kubelet
  writes nothing and sees no deletions, so pods evicted meanwhile stay Terminating. When it can
  reach the apiserver again it catches up at once: it kills the containers of the pods deleted
  meanwhile (with their full grace period, counted from then), deletes those pods, and reports
  its pods' status again, so the Ready condition the node controller set to False is True again
  within one status sync (10 s).

  In these scenarios the network goes down 10 s after the cluster started: the node is NotReady
  55 s later and its pods are evicted 360 s later (see node-goes-notready.feature).

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
      """
    And 6 seconds pass

  Scenario: evicted pods stay Terminating until the node comes back, then go
    When node m02 goes NotReady
    And 6 minutes pass
    Then 2 pods are Terminating
    # The replacement was created at the eviction, a moment ago; it runs a few seconds later.
    When 5 seconds pass
    Then 3 pods matching "app=kubia" are Running
    When 10 minutes pass
    And I run "kubectl get pods"
    Then the output matches "kubia-manual +1/1 +Terminating +0 +16m\n"
    And 2 pods are Terminating
    # The bare pod is lost: nothing recreates it.
    When node m02 comes back
    # kubia ignores SIGTERM: the kubelet kills it when the 30 s grace period, counted from now, ends.
    And 29 seconds pass
    Then 2 pods are Terminating
    When 1 second passes
    Then 0 pods are Terminating
    And 3 pods run
    And the output of "kubectl get pods --field-selector spec.nodeName=m02 -o name" is empty

  Scenario: the node comes back before the eviction and its pods are ready again
    When node m02 goes NotReady
    And 2 minutes pass
    And I run "kubectl get deployment kubia"
    Then the output matches "kubia +2/3 "
    When node m02 comes back
    And 10 seconds pass
    And I run "kubectl get deployment kubia"
    Then the output matches "kubia +3/3 "
    When I run "kubectl get pod kubia-manual -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'"
    Then the output is:
      """
      True
      """

  Scenario: a stopped kubelet kills nothing; started again, it finishes the evictions
    When the kubelet on m02 stops
    And 10 minutes pass
    Then 2 pods are Terminating
    When the kubelet on m02 starts
    And 30 seconds pass
    Then 0 pods are Terminating
    And 3 pods run

  Scenario: the pods of a node deleted while they were Terminating are collected
    When node m02 goes NotReady
    And 6 minutes pass
    Then 2 pods are Terminating
    When node m02 is deleted
    And 1 minute passes
    Then 0 pods are Terminating
    And 3 pods run

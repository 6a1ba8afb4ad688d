@replicasets
Feature: A ReplicaSet adopts the pods its selector matches
  A ReplicaSet of its own (not made by a Deployment) selects pods by the labels in its selector
  only. A bare pod that matches is adopted: it gets a controller ownerReference, and the
  ReplicaSet then deletes whichever pod ranks first for deletion to get back to its count
  (pkg/controller/replicaset, controller_ref_manager.go; Kubernetes in Action, 4.3, P104-P106).

  Background:
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: kubia
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: kubia
        template:
          metadata:
            labels:
              app: kubia
          spec:
            containers:
              - name: kubia
                image: luksa/kubia
      """
    And 1 minute passes

  Scenario: the ReplicaSet's pods are named after it
    When I run "kubectl get pods --no-headers"
    Then the output matches "^(kubia-[bcdfghjklmnpqrstvwxz2456789]{5} +1/1 +Running +0 +60s\n){3}$"
    When I run "kubectl get rs"
    Then the output is:
      """
      NAME    DESIRED   CURRENT   READY   AGE
      kubia   3         3         3       60s
      """

  Scenario: a matching bare pod that is not ready yet is adopted and deleted first
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: stray
        labels:
          app: kubia
      spec:
        containers:
          - name: kubia
            image: luksa/kubia
      """
    # Pods that are not ready rank first for deletion; its containers never started, so the
    # kubelet removes it at once.
    And I run "kubectl get pod stray"
    Then the command fails with:
      """
      Error from server (NotFound): pods "stray" not found
      """
    When I run "kubectl describe rs kubia"
    Then the output matches "Normal +SuccessfulDelete +0s +replicaset-controller +Deleted pod: stray"
    And 3 pods run

  Scenario: an adopted pod with a higher pod-deletion-cost stays, and another pod goes
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: stray
        labels:
          app: other
        annotations:
          controller.kubernetes.io/pod-deletion-cost: "100"
      spec:
        containers:
          - name: kubia
            image: luksa/kubia
      """
    And 1 minute passes
    And I run "kubectl label pod stray app=kubia --overwrite"
    And I run "kubectl get pod stray -o jsonpath='{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} controller={.metadata.ownerReferences[0].controller}'"
    Then the output is:
      """
      ReplicaSet/kubia controller=true
      """
    And 3 pods run
    And 1 pod is Terminating
    When I run "kubectl get pod stray --no-headers"
    Then the output matches "^stray +1/1 +Running +0 +60s"

  Scenario: deleting the ReplicaSet with --cascade=orphan leaves its pods without an owner
    When I run "kubectl delete rs kubia --cascade=orphan"
    Then the output is:
      """
      replicaset.apps "kubia" deleted
      """
    And 3 pods run
    When I run "kubectl get pods -o jsonpath='{.items[*].metadata.ownerReferences}'"
    Then the output is:
      """
      """

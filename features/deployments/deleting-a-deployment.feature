@deployments
Feature: Deleting a Deployment, with each cascade mode
  kubectl deletes with background propagation by default: the Deployment goes at once, the
  garbage collector deletes its ReplicaSet, and the ReplicaSet's pods go Terminating. Foreground
  keeps the Deployment until its dependents are gone. Orphan leaves the ReplicaSet and its pods
  without an owner, and a new Deployment with the same selector and template adopts them again
  (Kubernetes in Action, 4.1, P102-P103, figure 4.7; pkg/controller/garbagecollector).

  Background:
    Given a Deployment with 3 replicas
    And 1 minute passes

  Scenario: background (the default) removes the ReplicaSet and the pods
    When I run "kubectl delete deployment kubia"
    Then the output is:
      """
      deployment.apps "kubia" deleted
      """
    And 3 pods are Terminating
    When I run "kubectl get deploy,rs"
    Then the output is:
      """
      No resources found in default namespace.
      """
    When 30 seconds pass
    And I run "kubectl get pods"
    Then the output is:
      """
      No resources found in default namespace.
      """

  Scenario: foreground keeps the Deployment until its pods are gone
    When I run "kubectl delete deployment kubia --cascade=foreground"
    And I run "kubectl get deployment kubia -o jsonpath='{.metadata.finalizers}'"
    Then the output is:
      """
      ["foregroundDeletion"]
      """
    And 3 pods are Terminating
    When 29 seconds pass
    And I run "kubectl get deployment kubia --no-headers"
    Then the output matches "^kubia +"
    When 1 second passes
    And I run "kubectl get deployment kubia"
    Then the command fails with:
      """
      Error from server (NotFound): deployments.apps "kubia" not found
      """

  Scenario: orphan keeps the ReplicaSet and its pods, and a new Deployment adopts them
    When I run "kubectl delete deployment kubia --cascade=orphan"
    Then the output is:
      """
      deployment.apps "kubia" deleted
      """
    And 3 pods run
    When I run "kubectl get rs -o jsonpath='{.items[0].metadata.ownerReferences}'"
    Then the output is:
      """
      """
    Given a Deployment with 3 replicas
    Then 3 pods run
    And 0 pods are ContainerCreating
    When I run "kubectl get rs -o jsonpath='{.items[*].metadata.ownerReferences[0].kind}'"
    Then the output is:
      """
      Deployment
      """

  Scenario: the deprecated --cascade=false still orphans, with kubectl's warning
    When I run "kubectl delete deployment kubia --cascade=false"
    Then the output is:
      """
      warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.
      deployment.apps "kubia" deleted
      """
    And 3 pods run

  Scenario: the deprecated --cascade=true deletes in the background, with kubectl's warning
    When I run "kubectl delete deployment kubia --cascade=true"
    Then the output is:
      """
      warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.
      deployment.apps "kubia" deleted
      """
    And 3 pods are Terminating

  Scenario: an unknown cascade mode is refused
    When I run "kubectl delete deployment kubia --cascade=sideways"
    Then the command fails with:
      """
      error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"
      """

  Scenario: deleting the ReplicaSet alone makes the Deployment create it again
    When I run "RS=$(kubectl get rs -o name)"
    And I run "kubectl delete $RS"
    Then the output matches "^replicaset.apps \"kubia-[4-9bcdf]+\" deleted\n$"
    And 3 pods are Terminating
    And 3 pods are ContainerCreating
    When I run "kubectl get rs --no-headers"
    Then the output matches "^kubia-[4-9bcdf]+ +3 +3 +0 +0s\n$"

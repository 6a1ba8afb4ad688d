@deployments
Feature: Changing a Deployment's pod template rolls out a new ReplicaSet
  A changed template gets a new pod-template hash, so the Deployment creates a new ReplicaSet
  and scales the old one down to 0 (RollingUpdate, maxSurge 25% and maxUnavailable 25% by
  default: one extra pod at a time for 3 replicas, none unavailable). For a while there are six
  pods: three old ones Terminating and three new ones (Kubernetes in Action, 4.1, P100).

  Background:
    Given a Deployment with 3 replicas
    And 10 minutes pass

  Scenario: kubectl set image creates a second ReplicaSet and six pods for a while
    When I run "kubectl set image deployment/kubia kubia=luksa/kubia:v2"
    Then the output is:
      """
      deployment.apps/kubia image updated
      """
    When I run "kubectl rollout status deployment/kubia"
    Then the output is:
      """
      Waiting for deployment "kubia" rollout to finish: 1 out of 3 new replicas have been updated...
      Waiting for deployment "kubia" rollout to finish: 2 out of 3 new replicas have been updated...
      Waiting for deployment "kubia" rollout to finish: 1 old replicas are pending termination...
      deployment "kubia" successfully rolled out
      """
    And 3 pods run
    And 3 pods are Terminating
    When I run "kubectl get rs --no-headers"
    Then the output matches "kubia-[4-9bcdf]+ +0 +0 +0 +10m\n"
    And the output matches "kubia-[4-9bcdf]+ +3 +3 +3 +\d+s\n"
    When 30 seconds pass
    Then 3 pods run
    And 0 pods are Terminating

  Scenario: the rollout scales one ReplicaSet up and the other down, one pod at a time
    When I run "kubectl set image deployment/kubia kubia=luksa/kubia:v2"
    And 1 minute passes
    And I run "kubectl get events --field-selector reason=ScalingReplicaSet -o jsonpath='{range .items[*]}{.message}{"\n"}{end}'"
    Then the output matches "^Scaled up replica set kubia-(\w+) from 0 to 3\nScaled up replica set kubia-(\w+) from 0 to 1\nScaled down replica set kubia-\1 from 3 to 2\nScaled up replica set kubia-\2 from 1 to 2\nScaled down replica set kubia-\1 from 2 to 1\nScaled up replica set kubia-\2 from 2 to 3\nScaled down replica set kubia-\1 from 1 to 0\n$"

  Scenario: rollout history and undo
    When I run "kubectl set image deployment/kubia kubia=luksa/kubia:v2"
    And I run "kubectl rollout status deployment/kubia"
    And I run "kubectl rollout history deployment/kubia"
    Then the output is:
      """
      deployment.apps/kubia
      REVISION  CHANGE-CAUSE
      1         <none>
      2         <none>
      """
    When I run "kubectl rollout undo deployment/kubia"
    Then the output is:
      """
      deployment.apps/kubia rolled back
      """
    When I run "kubectl rollout status deployment/kubia"
    And I run "kubectl get deployment kubia -o jsonpath='{.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\.kubernetes\.io/revision}'"
    Then the output is:
      """
      luksa/kubia 3
      """
    When I run "kubectl rollout history deployment/kubia"
    Then the output is:
      """
      deployment.apps/kubia
      REVISION  CHANGE-CAUSE
      2         <none>
      3         <none>
      """

  Scenario: Recreate stops every old pod before starting new ones
    When I run "kubectl patch deployment kubia -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'"
    Then the output is:
      """
      deployment.apps/kubia patched
      """
    When I run "kubectl set image deployment/kubia kubia=luksa/kubia:v2"
    Then 3 pods are Terminating
    And 0 pods are ContainerCreating
    When 29 seconds pass
    Then 0 pods are ContainerCreating
    When 1 second passes
    Then 3 pods are ContainerCreating

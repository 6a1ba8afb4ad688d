@deployments
Feature: Scaling a Deployment
  Only the replica count changes existing pods: the Deployment scales its ReplicaSet, which
  creates or deletes pods (Kubernetes in Action, 4.1, P101-P102).

  Background:
    Given a Deployment with 3 replicas

  Scenario: kubectl scale to 10 replicas
    When I run "kubectl scale deployment kubia --replicas=10"
    Then the output is:
      """
      deployment.apps/kubia scaled
      """
    And 7 pods are ContainerCreating
    When 1 minute passes
    Then 10 pods run
    When I run "kubectl get deployment kubia"
    Then the output is:
      """
      NAME    READY   UP-TO-DATE   AVAILABLE   AGE
      kubia   10/10   10           10          64s
      """
    When I run "kubectl describe deployment kubia"
    Then the output contains "Scaled up replica set kubia-"
    And the output matches "from 3 to 10\n"

  Scenario: scaling down with a patch
    # Which pods go is decided by the ReplicaSet's ranking: pods on nodes crowded with pods of the
    # same Deployment first, then the more recently ready, compared in power-of-two age buckets
    # with ties broken by UID (LogarithmicScaleDown, pkg/controller/controller_utils.go).
    When I run "kubectl scale deployment kubia --replicas=5"
    And 1 minute passes
    And I run "kubectl patch deployment kubia -p '{"spec":{"replicas":2}}'"
    Then the output is:
      """
      deployment.apps/kubia patched
      """
    And 2 pods run
    And 3 pods are Terminating
    When I run "kubectl get deployment kubia --no-headers"
    Then the output matches "^kubia +2/2 +2 +2 +64s\n$"

  Scenario: a patch that changes nothing says so
    When I run "kubectl patch deployment kubia --type=merge -p '{"spec":{"replicas":3}}'"
    Then the output is:
      """
      deployment.apps/kubia patched (no change)
      """

  Scenario: kubectl scale needs --replicas
    When I run "kubectl scale deployment kubia"
    Then the command fails with:
      """
      error: required flag(s) "replicas" not set
      """

@deployments
Feature: A Deployment replaces a pod that disappears
  The controller does not react to the deletion itself but to the state it leaves: fewer pods
  than desired. The deleted pod stays Terminating for its grace period (30 seconds by default;
  kubia does not handle SIGTERM, so it is killed when the period ends) while its replacement is
  already being created (Kubernetes in Action, 4.1, P94-P95, figure 4.4).

  Background:
    Given a Deployment with 3 replicas
    And 24 minutes pass

  Scenario: the deleted pod is Terminating beside its ContainerCreating replacement
    When I run "POD=$(kubectl get pods -o jsonpath='{.items[0].metadata.name}')"
    And I run "kubectl delete pod $POD"
    Then the output matches "^pod \"kubia-[4-9bcdf]+-[a-z0-9]{5}\" deleted\n$"
    When I run "kubectl get pods"
    Then the output matches "kubia-\S+ +1/1 +Terminating +0 +24m\n"
    And the output matches "kubia-\S+ +0/1 +ContainerCreating +0 +0s\n"
    And 1 pod is Terminating
    And 1 pod is ContainerCreating
    And 2 pods run
    When 9 seconds pass
    Then 3 pods run
    And 1 pod is Terminating
    When 21 seconds pass
    Then 3 pods run
    And 0 pods are Terminating
    When I run "kubectl get pods --no-headers"
    Then the output matches "^(kubia-\S+ +1/1 +Running +0 +(24m|30s)\n){3}$"

  Scenario: the ReplicaSet records what it did
    When I run "POD=$(kubectl get pods -o jsonpath='{.items[0].metadata.name}')"
    And I run "kubectl delete pod $POD"
    And I run "RS=$(kubectl get rs -o name)"
    And I run "kubectl describe $RS"
    Then the output matches "Normal +SuccessfulCreate +24m +replicaset-controller +Created pod: kubia-"
    And the output matches "Normal +SuccessfulCreate +0s +replicaset-controller +Created pod: kubia-"

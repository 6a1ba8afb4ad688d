@label-selectors
Feature: Moving pods in and out of a Deployment's scope with labels
  A ReplicaSet manages the pods its label selector matches; the ownerReference only records which
  ReplicaSet that is. Adding an unrelated label changes nothing. Changing a label the selector
  uses orphans the pod (its ownerReference is removed) and a replacement is created
  (Kubernetes in Action, 4.1, P97-P99, figure 4.5). A bare pod that comes to match is adopted.

  Background:
    Given a Deployment with 3 replicas
    And I run "POD=$(kubectl get pods -o jsonpath='{.items[0].metadata.name}')"

  Scenario: an unrelated label changes nothing
    When I run "kubectl label pod $POD type=special"
    Then the output matches "^pod/kubia-\S+ labeled\n$"
    When 10 seconds pass
    And I run "kubectl get pods -L type --no-headers"
    Then the output matches "^(kubia-\S+ +1/1 +Running +0 +\d+s +(special)?\n){3}$"
    And 3 pods matching "app=kubia" are Running
    And 1 pod matching "type=special" is Running

  Scenario: changing the app label takes the pod out of scope, and a fourth pod appears
    When I run "kubectl label pod $POD app=foo --overwrite"
    Then the output matches "^pod/kubia-\S+ labeled\n$"
    When I run "kubectl get pods -L app"
    Then the output matches "NAME +READY +STATUS +RESTARTS +AGE +APP\n"
    And the output matches "kubia-\S+ +1/1 +Running +0 +\d+s +foo\n"
    And the output matches "kubia-\S+ +0/1 +ContainerCreating +0 +0s +kubia\n"
    When 10 seconds pass
    Then 4 pods run
    And 3 pods matching "app=kubia" are Running
    When I run "kubectl get pod $POD -o jsonpath='{.metadata.ownerReferences}'"
    Then the output is:
      """
      """

  Scenario: without --overwrite an existing label is not changed
    When I run "kubectl label pod $POD app=foo"
    Then the command fails with:
      """
      error: 'app' already has a value (kubia), and --overwrite is false
      """

  Scenario: putting the pod back makes the ReplicaSet delete a surplus pod
    When I run "kubectl label pod $POD app=foo --overwrite"
    And 10 seconds pass
    And I run "kubectl label pod $POD app=kubia --overwrite"
    Then 3 pods matching "app=kubia" are Running
    And 1 pod matching "app=kubia" is Terminating
    And 0 pods matching "app=foo" are Running

  Scenario: a bare pod with only app=kubia is not adopted: the ReplicaSet also selects its pod-template-hash
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
    And 5 seconds pass
    Then 4 pods matching "app=kubia" are Running
    When I run "kubectl get pod stray -o jsonpath='{.metadata.ownerReferences}'"
    Then the output is:
      """
      """
    When I run "kubectl get rs -o jsonpath='{.items[0].spec.selector.matchLabels}'"
    Then the output matches "^\{\"app\":\"kubia\",\"pod-template-hash\":\"[4-9bcdf]+\"\}$"

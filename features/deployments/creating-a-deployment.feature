@deployments
Feature: Creating a Deployment
  A Deployment keeps a number of pods matching its label selector running. It does so through
  a ReplicaSet named after the Deployment and the hash of its pod template, whose pods are named
  after the ReplicaSet with five random characters added (Kubernetes in Action, 4.1, P92-P94).

  Background:
    Given a cluster with nodes m01, m02 and m03

  Scenario: kubectl create -f kubia-deployment.yaml starts three pods
    When I run "kubectl create -f kubia-deployment.yaml"
    Then the output is:
      """
      deployment.apps/kubia created
      """
    And 3 pods matching "app=kubia" are ContainerCreating
    When 1 minute passes
    Then 3 pods run
    When I run "kubectl get deployments"
    Then the output is:
      """
      NAME    READY   UP-TO-DATE   AVAILABLE   AGE
      kubia   3/3     3            3           60s
      """
    When I run "kubectl get pods"
    Then the output matches "^NAME +READY +STATUS +RESTARTS +AGE\n(kubia-[4-9bcdf]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5} +1/1 +Running +0 +60s\n){3}$"

  Scenario: the ReplicaSet is named after the Deployment and its pod-template hash
    When I apply "kubia-deployment.yaml"
    And 30 seconds pass
    When I run "kubectl get rs -o wide"
    Then the output matches "^NAME +DESIRED +CURRENT +READY +AGE +CONTAINERS +IMAGES +SELECTOR\nkubia-([4-9bcdf]+) +3 +3 +3 +30s +kubia +idealism/kubia +app=kubia,pod-template-hash=\1\n$"

  Scenario: the pods spread over the nodes
    Given a Deployment with 3 replicas
    When I run "kubectl get pods -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}'"
    Then the output contains "m01"
    And the output contains "m02"
    And the output contains "m03"

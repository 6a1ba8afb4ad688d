@daemonsets
Feature: Updating a DaemonSet's pod template
  With the default RollingUpdate strategy (maxUnavailable 1, maxSurge 0) the controller deletes
  one old pod at a time and creates its replacement on the same node, moving on once the new
  pod is available. With OnDelete it leaves the old pods alone: a pod deleted by hand comes back
  with the new template (pkg/controller/daemon/update.go).

  Scenario: a rolling update replaces the pods one node at a time
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: node-agent
      spec:
        selector:
          matchLabels:
            app: node-agent
        template:
          metadata:
            labels:
              app: node-agent
          spec:
            containers:
              - name: agent
                image: nginx:1.26
      """
    And 1 minute passes
    And I run "kubectl get ds node-agent -o jsonpath='{.spec.updateStrategy}'"
    Then the output is:
      """
      {"rollingUpdate":{"maxSurge":0,"maxUnavailable":1},"type":"RollingUpdate"}
      """
    When I run "kubectl set image ds/node-agent agent=nginx:1.27"
    And I run "kubectl get ds node-agent"
    Then the output matches "node-agent +3 +3 +2 +1 +2 +<none> +60s\n"
    When I run "kubectl get pods"
    Then 1 pod is ContainerCreating
    And 2 pods run
    When 4 seconds pass
    Then 1 pod is ContainerCreating
    And 2 pods run
    When 8 seconds pass
    And I run "kubectl get ds node-agent"
    Then the output matches "node-agent +3 +3 +3 +3 +3 +<none> +72s\n"
    When I run "kubectl get pods -o jsonpath='{range .items[*]}{.spec.containers[0].image} {.spec.nodeName}{"\n"}{end}'"
    Then the output matches "^(nginx:1\.27 m0[123]\n){3}$"

  Scenario: OnDelete waits for the old pods to be deleted by hand
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: node-agent
      spec:
        selector:
          matchLabels:
            app: node-agent
        updateStrategy:
          type: OnDelete
        template:
          metadata:
            labels:
              app: node-agent
          spec:
            containers:
              - name: agent
                image: nginx:1.26
      """
    And 30 seconds pass
    And I run "kubectl set image ds/node-agent agent=nginx:1.27"
    And 5 minutes pass
    And I run "kubectl get ds node-agent"
    Then the output matches "node-agent +3 +3 +3 +0 +3 +<none> +5m30s\n"
    When I run "POD=$(kubectl get pods --field-selector spec.nodeName=m01 -o name)"
    And I run "kubectl delete $POD"
    And 5 seconds pass
    And I run "kubectl get ds node-agent"
    Then the output matches "node-agent +3 +3 +3 +1 +3 +<none> +5m35s\n"
    When I run "kubectl get pods --field-selector spec.nodeName=m01 -o jsonpath='{.items[0].spec.containers[0].image}'"
    Then the output is:
      """
      nginx:1.27
      """

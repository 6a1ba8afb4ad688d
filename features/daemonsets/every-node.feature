@daemonsets
Feature: A DaemonSet without a node selector runs one pod on every node
  Each daemon pod is made for one node: the controller pins it there with a required node
  affinity on the node's name (`matchFields metadata.name`) and the default scheduler binds it.
  Daemon pods tolerate the unschedulable taint, so a cordoned node keeps (and gets) its pod, and
  a node that joins gets one at once (Kubernetes in Action, 4.4, P107-P109; pkg/controller/daemon).

  Background:
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
    And 30 seconds pass

  Scenario: one pod on each of the three nodes
    When I run "kubectl get ds -o wide"
    Then the output is:
      """
      NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE   CONTAINERS   IMAGES       SELECTOR
      node-agent   3         3         3       3            3           <none>          30s   agent        nginx:1.26   app=node-agent
      """
    When I run "kubectl get pods -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}'"
    Then the output matches "^(?=(?:.*\n)*m01\n)(?=(?:.*\n)*m02\n)(?=(?:.*\n)*m03\n)(?:m0[123]\n){3}$"

  Scenario: each pod is pinned to its node and tolerates what a daemon must
    When I run "POD=$(kubectl get pods --field-selector spec.nodeName=m02 -o name)"
    And I run "kubectl get $POD -o jsonpath='{.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution}'"
    Then the output is:
      """
      {"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["m02"]}]}]}
      """
    When I run "kubectl describe $POD"
    Then the output matches "Controlled By: +DaemonSet/node-agent\n"
    And the output matches "Tolerations: +node.kubernetes.io/disk-pressure:NoSchedule op=Exists\n +node.kubernetes.io/memory-pressure:NoSchedule op=Exists\n +node.kubernetes.io/not-ready:NoExecute op=Exists\n +node.kubernetes.io/pid-pressure:NoSchedule op=Exists\n +node.kubernetes.io/unreachable:NoExecute op=Exists\n +node.kubernetes.io/unschedulable:NoSchedule op=Exists\n"

  Scenario: a node that joins gets its pod at once
    When node m04 joins
    And I run "kubectl get ds"
    Then the output matches "node-agent +4 +4 +3 +4 +3 +<none> +30s\n"
    When 5 seconds pass
    And I run "kubectl get pods --field-selector spec.nodeName=m04"
    Then the output matches "^NAME .*\nnode-agent-\S+ +1/1 +Running +0 +5s\n$"

  Scenario: a cordoned node keeps its pod, and gets a new one when it is deleted
    When I run "kubectl cordon m02"
    Then the output is:
      """
      node/m02 cordoned
      """
    When I run "POD=$(kubectl get pods --field-selector spec.nodeName=m02 -o name)"
    And I run "kubectl delete $POD"
    And 5 seconds pass
    And I run "kubectl get pods --field-selector spec.nodeName=m02"
    Then the output matches "^NAME .*\nnode-agent-\S+ +1/1 +Running +0 +5s\n$"
    When I run "kubectl get nodes m02"
    Then the output matches "m02 +Ready,SchedulingDisabled "

  Scenario: a NoSchedule taint keeps the running pod but no new one comes
    When I run "kubectl taint nodes m03 dedicated=db:NoSchedule"
    Then the output is:
      """
      node/m03 tainted
      """
    When I run "kubectl get ds"
    Then the output matches "node-agent +2 +2 +2 +2 +2 +<none> "
    And 3 pods run
    When I run "POD=$(kubectl get pods --field-selector spec.nodeName=m03 -o name)"
    And I run "kubectl delete $POD"
    And 1 minute passes
    Then 2 pods run
    And the output of "kubectl get pods --field-selector spec.nodeName=m03" is empty

  Scenario: a NoExecute taint the pods do not tolerate evicts them
    When I run "kubectl taint nodes m03 maintenance=now:NoExecute"
    And 1 second passes
    Then 2 pods run
    When I run "kubectl get events --field-selector reason=TaintManagerEviction -o jsonpath='{.items[*].message}'"
    Then the output matches "^Marking for deletion Pod default/node-agent-\S{5}$"

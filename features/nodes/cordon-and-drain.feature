@nodes
Feature: Taking a node out of service with cordon and drain
  `kubectl cordon` marks a node unschedulable (`Ready,SchedulingDisabled`) and the node controller
  adds the matching NoSchedule taint; running pods stay. `kubectl drain` cordons the node, then
  evicts its pods and waits for them to go, but refuses DaemonSet pods without
  --ignore-daemonsets, pods no controller would recreate without --force, and pods with emptyDir
  data without --delete-emptydir-data (k8s.io/kubectl/pkg/cmd/drain, pkg/drain).

  Background:
    Given a Deployment with 3 replicas
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
      ---
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
    And 10 seconds pass

  Scenario: cordon and uncordon
    When I run "kubectl cordon m02"
    Then the output is:
      """
      node/m02 cordoned
      """
    When I run "kubectl cordon m02"
    Then the output is:
      """
      node/m02 already cordoned
      """
    When I run "kubectl get nodes"
    Then the output is:
      """
      NAME   STATUS                     ROLES    AGE   VERSION
      m01    Ready                      <none>   14s   v1.32.0
      m02    Ready,SchedulingDisabled   <none>   14s   v1.32.0
      m03    Ready                      <none>   14s   v1.32.0
      """
    When I run "kubectl describe node m02"
    Then the output matches "Taints: +node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable: +true\n"
    And 7 pods run
    When I run "kubectl uncordon m02"
    Then the output is:
      """
      node/m02 uncordoned
      """
    When I run "kubectl describe node m02"
    Then the output matches "Taints: +<none>\nUnschedulable: +false\n"

  Scenario: a new pod does not go to a cordoned node
    When I run "kubectl cordon m01 m03"
    Then the output is:
      """
      node/m01 cordoned
      node/m03 cordoned
      """
    When I run "kubectl scale deployment kubia --replicas=5"
    And 10 seconds pass
    And I run "kubectl get pods -l app=kubia --field-selector spec.nodeName=m02 -o name"
    Then the output matches "^(pod/kubia-\S+\n){3}$"

  Scenario: drain refuses DaemonSet pods and bare pods until told otherwise
    When I run "kubectl drain m02"
    Then the command fails with:
      """
      node/m02 cordoned
      """
    And the output matches "error: unable to drain node \"m02\" due to error: \[cannot delete Pods that declare no controller \(use --force to override\): default/kubia-manual, cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): default/node-agent-\S{5}\], continuing command...\nThere are pending nodes to be drained:\n m02\ncannot delete Pods that declare no controller \(use --force to override\): default/kubia-manual\ncannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): default/node-agent-\S{5}\n$"
    When I run "kubectl drain m02 --ignore-daemonsets"
    Then the command fails with:
      """
      node/m02 already cordoned
      error: unable to drain node "m02" due to error: cannot delete Pods that declare no controller (use --force to override): default/kubia-manual, continuing command...
      There are pending nodes to be drained:
       m02
      cannot delete Pods that declare no controller (use --force to override): default/kubia-manual
      """
    And 7 pods run

  Scenario: drain evicts the pods, waits for them, and keeps the DaemonSet pod
    When I run "kubectl drain m02 --ignore-daemonsets --force"
    Then the command succeeds
    And the output matches "^node/m02 cordoned\nWarning: deleting Pods that declare no controller: default/kubia-manual; ignoring DaemonSet-managed Pods: default/node-agent-\S{5}\nevicting pod default/kubia-\S+\nevicting pod default/kubia-manual\n"
    And the output matches "pod/kubia-\S+ evicted\npod/kubia-manual evicted\nnode/m02 drained\n$"
    # kubia ignores SIGTERM: each eviction ends when the 30 s grace period does; the replacement
    # was created when the drain began.
    When I run "kubectl get pods --field-selector spec.nodeName=m02 -o jsonpath='{.items[*].metadata.labels.app}'"
    Then the output is:
      """
      node-agent
      """
    And 3 pods matching "app=kubia" are Running
    When I run "kubectl get pods -l app=kubia -o jsonpath='{range .items[*]}{.metadata.creationTimestamp}{"\n"}{end}'"
    Then the output matches "(^|\n)2020-06-07T22:00:14Z\n"

  Scenario: drain gives up after --timeout
    When I run "kubectl drain m02 --ignore-daemonsets --force --timeout=10s"
    Then the output matches "There are pending pods in node \"m02\" when an error occurred: \[error when waiting for pod \"kubia-\S+\" in namespace \"default\" to terminate: global timeout reached: 10s, error when waiting for pod \"kubia-manual\" in namespace \"default\" to terminate: global timeout reached: 10s\]\npod/kubia-\S+\npod/kubia-manual\n"
    And the output matches "\nThere are pending nodes to be drained:\n m02\nerror when waiting for pod \"kubia-\S+\" in namespace \"default\" to terminate: global timeout reached: 10s\nerror when waiting for pod \"kubia-manual\" in namespace \"default\" to terminate: global timeout reached: 10s\n$"
    And 2 pods are Terminating

  Scenario: the wrong ways to call drain and cordon
    When I run "kubectl drain"
    Then the command fails with:
      """
      error: USAGE: drain NODE [flags]
      See 'kubectl drain -h' for help and examples
      """
    When I run "kubectl cordon m09"
    Then the command fails with:
      """
      Error from server (NotFound): nodes "m09" not found
      """
    When I run "kubectl drain m01 -l disk=ssd"
    Then the command fails with:
      """
      error: cannot specify both a node name and a --selector option
      See 'kubectl drain -h' for help and examples
      """

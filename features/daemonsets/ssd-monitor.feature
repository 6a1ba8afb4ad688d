@daemonsets
Feature: A DaemonSet runs its pod only on the nodes its node selector picks
  The seed's ssd-monitor DaemonSet (Kubernetes in Action, 4.4, P109-P111) runs on the nodes
  labelled disk=ssd. A DaemonSet has no replica count: it wants one pod on every node that
  matches, so it has none until a node is labelled, and the pod goes as soon as the label no
  longer matches (pkg/controller/daemon).

  Scenario: no node has an SSD, then m03 gets one, then loses it
    When I run "kubectl create -f ssd-monitor-daemonset.yaml"
    Then the output is:
      """
      daemonset.apps/ssd-monitor created
      """
    When I run "kubectl get daemonsets"
    Then the output is:
      """
      NAME          DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
      ssd-monitor   0         0         0       0            0           disk=ssd        0s
      """
    When I run "kubectl get pods"
    Then the output is:
      """
      No resources found in default namespace.
      """
    When I run "kubectl label node m03 disk=ssd"
    Then the output is:
      """
      node/m03 labeled
      """
    When I run "kubectl get pods"
    Then the output matches "^NAME +READY +STATUS +RESTARTS +AGE\nssd-monitor-[bcdfghjklmnpqrstvwxz2456789]{5} +0/1 +ContainerCreating +0 +0s\n$"
    When 2m37s pass
    And I run "kubectl get ds"
    Then the output is:
      """
      NAME          DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
      ssd-monitor   1         1         1       1            1           disk=ssd        2m37s
      """
    When I run "kubectl get pods -o wide"
    Then the output matches "ssd-monitor-\S+ +1/1 +Running +0 +2m37s +10\.244\.3\.\d+ +m03 "
    When I run "kubectl label node m03 disk=hdd --overwrite"
    Then the output is:
      """
      node/m03 labeled
      """
    When I run "kubectl get pods"
    Then the output matches "^NAME +READY +STATUS +RESTARTS +AGE\nssd-monitor-\S+ +1/1 +Terminating +0 +2m37s\n$"
    # The monitor is a shell loop that ignores SIGTERM: it is killed when the 30 s grace period ends.
    When 30 seconds pass
    And I run "kubectl get pods"
    Then the output is:
      """
      No resources found in default namespace.
      """

  Scenario: the DaemonSet's events and status as describe shows them
    When I run "kubectl create -f ssd-monitor-daemonset.yaml"
    And I run "kubectl label node m01 disk=ssd"
    And I run "kubectl label node m02 disk=ssd"
    And 1 minute passes
    And I run "kubectl describe ds ssd-monitor"
    Then the output matches "^Name: +ssd-monitor\nNamespace: +default\nSelector: +app=ssd-monitor\nNode-Selector: +disk=ssd\n"
    And the output matches "Desired Number of Nodes Scheduled: 2\nCurrent Number of Nodes Scheduled: 2\n"
    And the output matches "Number of Nodes Scheduled with Up-to-date Pods: 2\nNumber of Nodes Scheduled with Available Pods: 2\n"
    And the output matches "Number of Nodes Misscheduled: 0\nPods Status: +2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"
    And the output matches "Normal +SuccessfulCreate +60s +daemonset-controller +Created pod: ssd-monitor-\S{5}\n +Normal +SuccessfulCreate +60s +daemonset-controller +Created pod: ssd-monitor-\S{5}\n"

  Scenario: a node that joins with the label gets its pod
    When I run "kubectl create -f ssd-monitor-daemonset.yaml"
    And node m04 joins with labels disk=ssd
    And 10 seconds pass
    And I run "kubectl get pods -o wide"
    Then the output matches "^NAME .*\nssd-monitor-\S+ +1/1 +Running +0 +10s +10\.244\.4\.\d+ +m04 "

@nodes
Feature: Tainting and labelling nodes, and where pods may then go
  `kubectl taint` adds (`key=value:Effect`) or removes (`key:Effect-`, `key-`) taints; a pod only
  goes to a node whose NoSchedule and NoExecute taints it tolerates, and a NoExecute taint evicts
  the pods already there that do not tolerate it. Node labels drive node selectors and required
  node affinity. A pod that fits nowhere stays Pending with the scheduler's reasons
  (k8s.io/kubectl/pkg/cmd/taint, pkg/scheduler).

  Scenario: taint, refuse a second taint, remove it
    When I run "kubectl taint nodes m01 dedicated=db:NoSchedule"
    Then the output is:
      """
      node/m01 tainted
      """
    When I run "kubectl taint nodes m01 dedicated=web:NoSchedule"
    Then the command fails with:
      """
      error: node m01 already has dedicated taint(s) with same effect(s) and --overwrite is false
      """
    When I run "kubectl taint nodes m01 dedicated=web:NoSchedule --overwrite"
    Then the output is:
      """
      node/m01 modified
      """
    When I run "kubectl describe node m01"
    Then the output matches "Taints: +dedicated=web:NoSchedule\n"
    When I run "kubectl taint nodes m01 dedicated-"
    Then the output is:
      """
      node/m01 untainted
      """
    When I run "kubectl taint nodes m01 dedicated:NoSchedule-"
    Then the command fails with:
      """
      error: taint "dedicated:NoSchedule" not found
      """
    When I run "kubectl taint nodes m01 dedicated=db:Sometimes"
    Then the command fails with:
      """
      error: invalid taint effect: Sometimes, unsupported taint effect
      See 'kubectl taint -h' for help and examples
      """
    When I run "kubectl taint pods kubia dedicated=db:NoSchedule"
    Then the command fails with:
      """
      error: invalid resource type pods, only node types are supported
      """

  Scenario: pods fit nowhere: tainted, cordoned and too small nodes
    Given each node has capacity "cpu=2"
    When I run "kubectl taint nodes m01 dedicated=db:NoSchedule"
    And I run "kubectl cordon m02"
    And I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: big
      spec:
        containers:
          - name: main
            image: nginx
            resources:
              requests:
                cpu: "3"
      """
    And 1 minute passes
    Then 1 pod is Pending
    When I run "kubectl get events --field-selector reason=FailedScheduling -o jsonpath='{.items[0].message}'"
    Then the output is:
      """
      0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..
      """

  Scenario: a pod that tolerates the taint may go there
    When I run "kubectl taint nodes m01 m02 m03 dedicated=db:NoSchedule"
    Then the output is:
      """
      node/m01 tainted
      node/m02 tainted
      node/m03 tainted
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: db
      spec:
        tolerations:
          - key: dedicated
            operator: Equal
            value: db
            effect: NoSchedule
        containers:
          - name: main
            image: nginx
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: main
            image: nginx
      """
    And 10 seconds pass
    Then 1 pod is Running
    And 1 pod is Pending
    When I run "kubectl get pod web -o jsonpath='{.status.conditions[0].message}'"
    Then the output is:
      """
      0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: db}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..
      """

  Scenario: required node affinity follows a node label
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: fast
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - key: disk
                      operator: In
                      values: [ssd, nvme]
        containers:
          - name: main
            image: nginx
      """
    And 10 seconds pass
    Then 1 pod is Pending
    When I run "kubectl label node m03 disk=nvme"
    Then the output is:
      """
      node/m03 labeled
      """
    When I run "kubectl get nodes -L disk"
    Then the output is:
      """
      NAME   STATUS   ROLES    AGE   VERSION   DISK
      m01    Ready    <none>   10s   v1.32.0
      m02    Ready    <none>   10s   v1.32.0
      m03    Ready    <none>   10s   v1.32.0   nvme
      """
    When 10 seconds pass
    And I run "kubectl get pod fast -o jsonpath='{.spec.nodeName}'"
    Then the output is:
      """
      m03
      """

  Scenario: the nodes as kubectl shows them, wide and with their Leases
    When I run "kubectl get nodes -o wide"
    Then the output is:
      """
      NAME   STATUS   ROLES    AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION    CONTAINER-RUNTIME
      m01    Ready    <none>   0s    v1.32.0   192.168.49.3   <none>        Ubuntu 22.04.5 LTS   5.15.0-1067-gcp   containerd://1.7.24
      m02    Ready    <none>   0s    v1.32.0   192.168.49.4   <none>        Ubuntu 22.04.5 LTS   5.15.0-1067-gcp   containerd://1.7.24
      m03    Ready    <none>   0s    v1.32.0   192.168.49.5   <none>        Ubuntu 22.04.5 LTS   5.15.0-1067-gcp   containerd://1.7.24
      """
    When 7 minutes pass
    And I run "kubectl get leases -n kube-node-lease"
    Then the output is:
      """
      NAME   HOLDER   AGE
      m01    m01      7m
      m02    m02      7m
      m03    m03      7m
      """
    When I run "kubectl describe node m01"
    Then the output matches "RenewTime: +Sun, 07 Jun 2020 22:07:00 \+0000\n"
    And the output matches "  Ready +True +Sun, 07 Jun 2020 22:05:00 \+0000 +Sun, 07 Jun 2020 22:00:00 \+0000 +KubeletReady +kubelet is posting ready status\n"
    And the output matches "Normal +Starting +7m +kubelet +Starting kubelet.\n"
    And the output matches "Normal +RegisteredNode +7m +node-controller +Node m01 event: Registered Node m01 in Controller\n"

  Scenario: a Lease of one's own is a coordination.k8s.io/v1 object like the kubelets' Leases
    When I run "kubectl get lease.coordination.k8s.io -n kube-node-lease -o name"
    Then the output is:
      """
      lease.coordination.k8s.io/m01
      lease.coordination.k8s.io/m02
      lease.coordination.k8s.io/m03
      """
    When I apply the manifest:
      """
      apiVersion: coordination.k8s.io/v1
      kind: Lease
      metadata:
        name: my-leader
      spec:
        holderIdentity: worker-1
        leaseDurationSeconds: 15
      """
    Then the output is:
      """
      lease.coordination.k8s.io/my-leader created
      """
    When I run "kubectl get leases"
    Then the output is:
      """
      NAME        HOLDER     AGE
      my-leader   worker-1   0s
      """

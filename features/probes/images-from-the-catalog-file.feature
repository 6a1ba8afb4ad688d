@probes
Feature: Images described in features/images.yaml
  A project describes its own images once, in features/images.yaml, and every scenario's
  containers behave accordingly.

  Scenario: the webshop starts listening after 20 s and its health check breaks after 2 minutes
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: webshop
      spec:
        containers:
          - name: shop
            image: example.com/webshop:2.1
            readinessProbe:
              httpGet:
                port: 8080
                path: /health
            livenessProbe:
              httpGet:
                port: 8080
                path: /
      """
    # Started at 4 s (pull 3 s): readiness probes at 4, 10 and 20 s are refused; 30 s succeeds.
    When 29 seconds pass
    And I run "kubectl get pod webshop --no-headers"
    Then the output matches "^webshop +0/1 +Running +0 +29s\n$"
    When 1 second passes
    And I run "kubectl get pod webshop --no-headers"
    Then the output matches "^webshop +1/1 +Running +0 +30s\n$"
    # /health answers 503 from 2 minutes after the start (124 s): the pod is no longer ready, but
    # the liveness probe on / still passes, so nothing restarts.
    When 2 minutes pass
    And I run "kubectl get pod webshop --no-headers"
    Then the output matches "^webshop +0/1 +Running +0 +2m30s\n$"
    When I run "kubectl logs webshop"
    Then the output is:
      """
      webshop starting
      listening on :8080
      """
    When I run "kubectl describe pod webshop"
    Then the output matches "Warning +Unhealthy +\S+ \(x3 over \S+\) +kubelet +Readiness probe failed: HTTP probe failed with statuscode: 503\n"

@label-selectors
Feature: Set-based selectors with matchExpressions
  matchExpressions add requirements to a selector: In, NotIn, Exists and DoesNotExist. Every
  requirement must hold, together with every matchLabels entry (Kubernetes in Action, 4.3, P106-P107).

  Scenario: the seed's manifest has a typo and a v1.32 apiserver rejects it
    # The notes print `- app: app` where `key: app` belongs. Strict field validation (kubectl's
    # default since v1.27) refuses the unknown field before anything else.
    When I try to apply "kubia-deployment-matchexpressions.yaml"
    Then the command fails with:
      """
      Error from server (BadRequest): error when creating "kubia-deployment-matchexpressions.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.selector.matchExpressions[0].app"
        in kubia-deployment-matchexpressions.yaml:13 (spec.selector.matchExpressions[0].app)
      """
    When I run "kubectl get deployments"
    Then the output is:
      """
      No resources found in default namespace.
      """

  Scenario: without strict validation the same typo fails validation instead
    When I run "kubectl apply --validate=false -f kubia-deployment-matchexpressions.yaml"
    Then the command fails with:
      """
      The Deployment "kubia" is invalid:
      * spec.selector.matchExpressions[0].key: Invalid value: "": name part must be non-empty
      """

  Scenario: the corrected manifest works
    When I apply "kubia-deployment-matchexpressions-fixed.yaml"
    And 1 minute passes
    Then 3 pods matching "app in (kubia)" are Running
    When I run "kubectl get deployment kubia -o wide --no-headers"
    Then the output matches "^kubia +3/3 +3 +3 +60s +kubia +idealism/kubia +app in \(kubia\)\n$"

  Scenario Outline: <operator> selects <selected> of the pods
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: plain
      spec:
        containers:
          - name: main
            image: nginx
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: frontend
        labels:
          tier: frontend
      spec:
        containers:
          - name: main
            image: nginx
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: backend
        labels:
          tier: backend
      spec:
        containers:
          - name: main
            image: nginx
      """
    And 10 seconds pass
    And I run "kubectl get pods -l '<selector>' -o name"
    Then the output is:
      """
      <pods>
      """

    Examples:
      | operator     | selector                     | selected | pods                         |
      | In           | tier in (frontend,backend)   | two      | pod/backend\npod/frontend    |
      | NotIn        | tier notin (frontend)        | two      | pod/backend\npod/plain       |
      | Exists       | tier                         | two      | pod/backend\npod/frontend    |
      | DoesNotExist | !tier                        | one      | pod/plain                    |
      | equality     | tier=frontend                | one      | pod/frontend                 |
      | inequality   | tier!=frontend               | two      | pod/backend\npod/plain       |

  Scenario Outline: a Deployment selecting with <operator>
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        selector:
          matchExpressions:
            - key: app
              operator: <operator>
              <values>
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
              - name: web
                image: nginx
      """
    And 10 seconds pass
    Then 2 pods run

    Examples:
      | operator | values                     |
      | In       | values: [web, www]         |
      | NotIn    | values: [db]               |
      | Exists   |                            |

  Scenario: a DoesNotExist selector cannot match the template's labels
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchExpressions:
            - key: app
              operator: DoesNotExist
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
              - name: web
                image: nginx
      """
    Then the command fails with:
      """
      The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`
      """

  Scenario: operators' values rules
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchExpressions:
            - key: app
              operator: Exists
              values: [web]
            - key: tier
              operator: In
            - key: env
              operator: Like
              values: [prod]
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
              - name: web
                image: nginx
      """
    Then the command fails with:
      """
      * spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'
      * spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'
      * spec.selector.matchExpressions[2].operator: Invalid value: "Like": not a valid selector operator
      """

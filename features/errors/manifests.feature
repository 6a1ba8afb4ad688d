@errors
Feature: A manifest kubectl cannot map, or the apiserver refuses, gets kubectl's message

  kubectl first reads every document and maps its kind; the apiserver then decodes each object
  strictly (unknown fields, wrong types) and validates it. Every refusal is kubectl's text, then a
  line of kube-scenarios' own naming the file, the line and the field. The documents that could
  be applied are applied, and printed before the errors, as kubectl prints them.

  Scenario: no apiVersion
    When I try to apply the manifest:
      """
      kind: Pod
      metadata:
        name: kubia
      """
    Then the command exits with status 1, printing:
      """
      error: error validating "STDIN": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false
        in STDIN:1 (apiVersion)
      """

  Scenario: no kind in the second document: the first is applied, the third is not read
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: first
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
      ---
      apiVersion: v1
      metadata:
        name: second
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: third
      """
    Then the command exits with status 1, printing:
      """
      pod/first created
      error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false
        in STDIN:10 (kind)
      """

  Scenario Outline: a kind the cluster does not serve: <why>
    When I try to apply the manifest:
      """
      apiVersion: <apiVersion>
      kind: <kind>
      metadata:
        name: kubia
      """
    Then the command exits with status 1, printing:
      """
      error: resource mapping not found for name: "kubia" namespace: "" from "STDIN": no matches for kind "<kind>" in version "<apiVersion>"
      ensure CRDs are installed first
        in STDIN:2 (kind)
      """

    Examples:
      | why                              | apiVersion         | kind       |
      | a typo                           | apps/v1            | Deploymnt  |
      | kinds are case-sensitive         | apps/v1            | deployment |
      | the wrong group                  | v1                 | Deployment |
      | a version removed in 1.16        | extensions/v1beta1 | Deployment |

  Scenario: document 2 of 3 is invalid: 1 and 3 are applied, and the error names document 2's line and field
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: first
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: second
      spec:
        containers:
        - name: kubia
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: third
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      pod/first created
      pod/third created
      The Pod "second" is invalid: spec.containers[0].image: Required value
        in STDIN:16 (spec.containers[0].image)
      """
    When I run "kubectl get pods -o name"
    Then the output is:
      """
      pod/first
      pod/third
      """

  Scenario: two documents fail: kubectl lists both errors, an unknown kind first, as it found it first
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: first
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
      ---
      apiVersion: v1
      kind: Pdo
      metadata:
        name: second
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: third
      spec:
        containers:
        - name: kubia
      """
    Then the command exits with status 1, printing:
      """
      pod/first created
      resource mapping not found for name: "second" namespace: "" from "STDIN": no matches for kind "Pdo" in version "v1"
      ensure CRDs are installed first
        in STDIN:11 (kind)
      Error from server (Invalid): error when creating "STDIN": Pod "third" is invalid: spec.containers[0].image: Required value
        in STDIN:21 (spec.containers[0].image)
      """

  Scenario: fields the API does not have are refused by the apiserver's strict decoding
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: kubia
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: kubia
        template:
          metadata:
            labels:
              app: kubia
          spec:
            containers:
            - name: kubia
              image: luksa/kubia
              imagePullPolice: Always
              ports:
              - containerPort: 8080
                protocl: TCP
      """
    Then the command exits with status 1, printing:
      """
      Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolice", unknown field "spec.template.spec.containers[0].ports[0].protocl"
        in STDIN:18 (spec.template.spec.containers[0].imagePullPolice)
      """

  Scenario Outline: a replica count that is not an int32: <value>
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: kubia
      spec:
        replicas: <value>
        selector:
          matchLabels:
            app: kubia
        template:
          metadata:
            labels:
              app: kubia
          spec:
            containers:
            - name: kubia
              image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal <json> into Go struct field DeploymentSpec.spec.replicas of type int32
        in STDIN:6 (spec.replicas)
      """

    Examples:
      | value      | json              |
      | "three"    | string            |
      | 3000000000 | number 3000000000 |
      | 2.5        | number 2.5        |
      | [3]        | array             |

  Scenario: a negative replica count
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: kubia
      spec:
        replicas: -1
        selector:
          matchLabels:
            app: kubia
        template:
          metadata:
            labels:
              app: kubia
          spec:
            containers:
            - name: kubia
              image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      The Deployment "kubia" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
        in STDIN:6 (spec.replicas)
      """

  Scenario: a name that is not a DNS subdomain
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: Kubia_1
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      The Pod "Kubia_1" is invalid: metadata.name: Invalid value: "Kubia_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
        in STDIN:4 (metadata.name)
      """

  Scenario: a label key with two slashes and a label value with a space
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
        labels:
          app/tier/name: kubia
          release: stable 1
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      The Pod "kubia" is invalid: 
      * metadata.labels: Invalid value: "app/tier/name": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')
      * metadata.labels: Invalid value: "stable 1": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')
        in STDIN:5 (metadata.labels)
      """

  Scenario: a selector operator that does not exist
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: kubia
      spec:
        selector:
          matchExpressions:
          - key: app
            operator: Contains
            values: [kubia]
        template:
          metadata:
            labels:
              app: kubia
          spec:
            containers:
            - name: kubia
              image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      The Deployment "kubia" is invalid: 
      * spec.selector.matchExpressions[0].operator: Invalid value: "Contains": not a valid selector operator
      * spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Contains", Values:[]string{"kubia"}}}}: invalid label selector
        in STDIN:9 (spec.selector.matchExpressions[0].operator)
      """

  Scenario: a selector that does not select the template's pods
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: kubia
      spec:
        selector:
          matchLabels:
            app: kubia
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: kubia
              image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      The Deployment "kubia" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`
        in STDIN:11 (spec.template.metadata.labels)
      """

  Scenario: a probe with no handler and a negative delay
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
          livenessProbe:
            initialDelaySeconds: -10
      """
    Then the command exits with status 1, printing:
      """
      The Pod "kubia" is invalid: 
      * spec.containers[0].livenessProbe: Required value: must specify a handler type
      * spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -10: must be greater than or equal to 0
        in STDIN:9 (spec.containers[0].livenessProbe)
      """

  Scenario: a probe with two handlers
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
          readinessProbe:
            exec:
              command: ["ls", "/var/ready"]
            httpGet:
              path: /
              port: 8080
      """
    Then the command exits with status 1, printing:
      """
      The Pod "kubia" is invalid: spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type
        in STDIN:12 (spec.containers[0].readinessProbe.httpGet)
      """

  Scenario: a liveness probe that needs more than one success
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
          livenessProbe:
            httpGet:
              path: /
              port: 8080
            successThreshold: 3
      """
    Then the command exits with status 1, printing:
      """
      The Pod "kubia" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1
        in STDIN:13 (spec.containers[0].livenessProbe.successThreshold)
      """

  Scenario: a probe port out of range
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
          livenessProbe:
            httpGet:
              path: /
              port: 80800
      """
    Then the command exits with status 1, printing:
      """
      The Pod "kubia" is invalid: spec.containers[0].livenessProbe.httpGet.port: Invalid value: 80800: must be between 1 and 65535, inclusive
        in STDIN:12 (spec.containers[0].livenessProbe.httpGet.port)
      """

  Scenario: a probe field misspelt
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
          livenessProbe:
            httpGet:
              path: /
              port: 8080
            initialDelay: 15
      """
    Then the command exits with status 1, printing:
      """
      Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].livenessProbe.initialDelay"
        in STDIN:13 (spec.containers[0].livenessProbe.initialDelay)
      """

  Scenario: a request above its limit
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
          resources:
            requests:
              cpu: "2"
            limits:
              cpu: "1"
      """
    Then the command exits with status 1, printing:
      """
      The Pod "kubia" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1
        in STDIN:10 (spec.containers[0].resources.requests)
      """

  Scenario: a quantity with a space in it
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
          resources:
            requests:
              memory: 1 GB
      """
    Then the command exits with status 1, printing:
      """
      Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
        in STDIN:10 (spec.containers[0].resources.requests)
      """

  Scenario Outline: a CronJob schedule or time zone that is not one: <why>
    When I try to apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: nightly
      spec:
        schedule: "<schedule>"
        timeZone: <timeZone>
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                - name: main
                  image: busybox
      """
    Then the command exits with status 1, printing:
      """
      The CronJob "nightly" is invalid: <error>
        in STDIN:<line> (<field>)
      """

    Examples:
      | why                      | schedule     | timeZone | line | field         | error                                                                                                                       |
      | minute 61                | 61 * * * *   | UTC      | 6    | spec.schedule | spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61                                         |
      | a descriptor cron lacks  | @fortnightly | UTC      | 6    | spec.schedule | spec.schedule: Invalid value: "@fortnightly": unrecognized descriptor: @fortnightly                                          |
      | the machine's local time | 0 9 * * *    | Local    | 7    | spec.timeZone | spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones |
      | an empty time zone       | 0 9 * * *    | ""       | 7    | spec.timeZone | spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string                                                    |

  Scenario: negative durations of a Job
    When I try to apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: deadline
      spec:
        activeDeadlineSeconds: -5
        backoffLimit: -1
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: main
              image: busybox
      """
    Then the command exits with status 1, printing:
      """
      The Job "deadline" is invalid: 
      * spec.activeDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0
      * spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0
        in STDIN:6 (spec.activeDeadlineSeconds)
      """

  Scenario: a progress deadline shorter than the time a pod must be ready
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: kubia
      spec:
        minReadySeconds: 600
        progressDeadlineSeconds: 60
        selector:
          matchLabels:
            app: kubia
        template:
          metadata:
            labels:
              app: kubia
          spec:
            containers:
            - name: kubia
              image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      The Deployment "kubia" is invalid: spec.progressDeadlineSeconds: Invalid value: 60: must be greater than minReadySeconds
        in STDIN:7 (spec.progressDeadlineSeconds)
      """

  Scenario: a namespace that does not exist
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
        namespace: staging
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      Error from server (NotFound): error when creating "STDIN": namespaces "staging" not found
        in STDIN:1
      """

  Scenario: a namespace in the manifest other than the one on the command line
    When I run "kubectl apply -n kube-system -f pod-in-default.yaml"
    Then the command exits with status 1, printing:
      """
      error: the namespace from the provided object "default" does not match the namespace "kube-system". You must pass '--namespace=default' to perform this operation.
        in pod-in-default.yaml:1
      """

  Scenario: creating what already exists
    When I run "kubectl create -f kubia-deployment.yaml"
    And I run "kubectl create -f kubia-deployment.yaml"
    Then the command exits with status 1, printing:
      """
      Error from server (AlreadyExists): error when creating "kubia-deployment.yaml": deployments.apps "kubia" already exists
        in kubia-deployment.yaml:3
      """

@errors
Feature: A manifest that is not valid YAML is refused as kubectl refuses it

  kubectl reads a manifest with go-yaml v2, one document at a time, and prints go-yaml's own words;
  its line numbers count from the start of the document (the line after a `---`). Below the
  message, kube-scenarios adds a line of its own naming the file and the line of the file where
  the mistake is (for an unclosed quote or bracket, the line where it opens). Documents before
  the broken one have been read, and are applied.

  Scenario: a key indented more than its siblings
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
         labels:
          app: kubia
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context
        in STDIN:5
      """

  Scenario: a key indented less than its siblings; go-yaml names the line before the mistake
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
         ports:
          - containerPort: 8080
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: error converting YAML to JSON: yaml: line 8: did not find expected key
        in STDIN:9
      """

  Scenario: a tab used for indentation
    When I try to apply "pod-indented-with-a-tab.yaml"
    Then the command exits with status 1, printing:
      """
      error: error parsing pod-indented-with-a-tab.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token
        in pod-indented-with-a-tab.yaml:4
      """

  Scenario: a key without its colon
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata
        name: kubia
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: could not find expected ':'
        in STDIN:4
      """

  Scenario: an unclosed double quote runs to the end of the document
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: "kubia
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: error converting YAML to JSON: yaml: line 9: found unexpected end of stream
        in STDIN:4
      """

  Scenario: an unclosed single quote
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: 'kubia
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: found unexpected end of stream
        in STDIN:4
      """

  Scenario: an unclosed bracket
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: busybox
          args: ["sh", "-c", "echo hi"
        restartPolicy: Never
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: error converting YAML to JSON: yaml: line 9: did not find expected ',' or ']'
        in STDIN:9
      """

  Scenario: an unclosed brace
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: kubia
      spec: {}
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: error converting YAML to JSON: yaml: line 3: did not find expected ',' or '}'
        in STDIN:3
      """

  Scenario: a Helm template applied without rendering it: its braces are a YAML map used as a key
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: {{ .Values.image }}
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{".Values.image":interface {}(nil)}
        in STDIN:8
      """

  Scenario: an alias to an anchor the document does not have
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
      spec:
        containers:
        - name: kubia
          image: *image
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: error converting YAML to JSON: yaml: unknown anchor 'image' referenced
        in STDIN:8
      """

  Scenario: a document separator with a dash too many ends the reading before its document is applied
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
      ----
      apiVersion: v1
      kind: Pod
      metadata:
        name: second
      """
    Then the command exits with status 1, printing:
      """
      error: error parsing STDIN: invalid Yaml document separator: -
        in STDIN:9
      """
    And the output of "kubectl get pods" is empty

  Scenario: a syntax error in the third document: the two before it are applied, and kubectl says so
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
          image: luksa/kubia
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: third
         labels: {}
      """
    Then the command exits with status 1, printing:
      """
      pod/first created
      pod/second created
      error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context
        in STDIN:23
      """

  Scenario: a repeated key is no error: go-yaml keeps the last value, as kubectl does
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
        name: kubia-2
      spec:
        containers:
        - name: kubia
          image: luksa/kubia
      """
    Then the output is:
      """
      pod/kubia-2 created
      """

  Scenario Outline: a manifest with no object in it: <what>
    When I try to apply the manifest:
      """
      <manifest>
      """
    Then the command exits with status 1, printing:
      """
      error: no objects passed to apply
      """

    Examples:
      | what                  | manifest                |
      | nothing at all        |                         |
      | only a comment        | # kubia comes later     |
      | only separators       | ---                     |
      | a null document       | null                    |

  Scenario Outline: a document that is <what>, not an object
    When I try to apply the manifest:
      """
      <manifest>
      """
    Then the command exits with status 1, printing:
      """
      error: error validating "STDIN": error validating data: error in unmarshaling data; if you choose to ignore these errors, turn validation off with --validate=false
        in STDIN:1
      """

    Examples:
      | what     | manifest                              |
      | a list   | - apiVersion: v1                      |
      | a string | kubia                                 |
      | a number | 42                                    |

  Scenario: a binary file: a gzipped manifest applied without unzipping it
    When I try to apply "kubia-deployment.yaml.gz"
    Then the command exits with status 1, printing:
      """
      error: error parsing kubia-deployment.yaml.gz: error converting YAML to JSON: yaml: control characters are not allowed
        in kubia-deployment.yaml.gz:1
      """

  Scenario: a file with no object in it, to apply, create and delete
    When I run "kubectl apply -f nothing-here.yaml"
    Then the command exits with status 1, printing:
      """
      error: no objects passed to apply
      """
    When I run "kubectl create -f nothing-here.yaml"
    Then the command exits with status 1, printing:
      """
      error: no objects passed to create
      """
    When I run "kubectl delete -f nothing-here.yaml"
    Then the output is:
      """
      No resources found
      """

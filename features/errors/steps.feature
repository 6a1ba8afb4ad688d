@errors
Feature: A mistake in a step fails that step with a message that says what is wrong

  A step whose argument makes no sense fails with a message naming the argument and what would
  be right, and no stack trace; cucumber's report of the failure names the feature file and the
  scenario's line, and the rerun command. A step that matches no definition is reported as
  undefined, with cucumber's snippet for defining it. Each feature below runs in a cucumber of
  its own, as a user would run it.

  Scenario: wrong arguments of time, set-up, node, file and command steps
    When cucumber runs the feature:
      """
      Feature: mistakes
        Scenario: time going back
          When -5 minutes pass
        Scenario: an unknown unit
          When 1 fortnight passes
        Scenario: not a duration
          When the controller manager is down for a while
        Scenario: a start time that is not RFC 3339
          Given the time is "yesterday at noon"
        Scenario: a node named twice
          Given a cluster with nodes m01, m02 and m01
        Scenario: a capacity that is not a quantity
          Given each node has capacity "cpu=lots"
        Scenario: a negative replica count
          Given a Deployment with -1 replicas
        Scenario: an HTTP status that is not one
          Given image "luksa/kubia" answers 700 on "/" after 1 minute
        Scenario: set-up after the cluster is in use
          When I run "kubectl get nodes"
          And the seed is 7
        Scenario: a node that does not exist
          When node m09 goes NotReady
        Scenario: a manifest file that does not exist
          When I apply "kubia-deploymnet.yaml"
        Scenario: a command that is not kubectl
          When I run "ls -l"
        Scenario: a variable that was never set
          When I run "kubectl delete pod $POD"
      """
    Then it exited with status 1
    And its output shows no stack trace
    And its step 'When -5 minutes pass' failed with:
      """
      time can only move forward: "-5 minutes" is negative
      """
    And its step 'When 1 fortnight passes' failed with:
      """
      unknown unit "fortnight" in "1 fortnight": use milliseconds, seconds, minutes, hours or days, or a Go duration such as 1h30m
      """
    And its step 'When the controller manager is down for a while' failed with:
      """
      "a while" is not a duration: write "5 minutes", "90 seconds", "2 hours" or a Go duration such as 1h30m
      """
    And its step 'Given the time is "yesterday at noon"' failed with:
      """
      "yesterday at noon" is not an RFC 3339 time such as "2020-06-07T22:00:00Z"
      """
    And its step 'Given a cluster with nodes m01, m02 and m01' failed with:
      """
      node "m01" is named twice
      """
    And its step 'Given each node has capacity "cpu=lots"' failed with:
      """
      quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': "lots" in "cpu=lots"
      """
    And its step 'Given a Deployment with -1 replicas' failed with:
      """
      a Deployment needs 0 or more replicas, not -1
      """
    And its step 'Given image "luksa/kubia" answers 700 on "/" after 1 minute' failed with:
      """
      700 is not an HTTP status code
      """
    And its step 'And the seed is 7' failed with:
      """
      the seed must be set before the cluster is used: move this step before the first step that acts on the cluster
      """
    And its step 'When node m09 goes NotReady' failed with:
      """
      node "m09" is not in the cluster (its nodes are m01, m02, m03)
      """
    And its step 'When I apply "kubia-deploymnet.yaml"' failed with:
      """
      manifest file "kubia-deploymnet.yaml" not found (looked beside the feature file, then in features/manifests/)
      """
    And its step 'When I run "ls -l"' failed with:
      """
      only kubectl commands can be run in a scenario, not "ls"
      """
    And its step 'When I run "kubectl delete pod $POD"' failed with:
      """
      $POD is not set: set it first with a step such as When I run "POD=$(kubectl get pods -o name)"
      """

  Scenario: an undefined step gets cucumber's snippet, and a failed scenario leaves the next one alone
    When cucumber runs the feature:
      """
      Feature: isolation
        Scenario: a scenario that changes the cluster, then fails
          Given a Deployment "web" with 2 replicas
          And image "luksa/kubia" answers 500 on "/" after 1 second
          When I run "POD=$(kubectl get pods -o name)"
          And I teleport the pod "web" to node m02
          Then 2 pods run

        Scenario: the next one starts from an empty cluster
          When I run "kubectl get deployments,pods"
          Then the output is:
            \"\"\"
            No resources found in default namespace.
            \"\"\"
          When 10 minutes pass
          Then 0 pods run
      """
    Then it exited with status 1
    And its step 'And I teleport the pod "web" to node m02' was undefined
    And its output contains:
      """
         ? And I teleport the pod "web" to node m02
             Undefined. Implement with the following snippet:

               When('I teleport the pod {string} to node m02', function (string) {
                 // Write code here that turns the phrase above into concrete actions
                 return 'pending';
               });
      """
    And its output contains:
      """
      2 scenarios (1 undefined, 1 passed)
      """
    And its scenario "the next one starts from an empty cluster" passed
    And its output shows no stack trace

@deployments
Feature: A Deployment's selector cannot change in apps/v1
  The seed notes (after the book, which used ReplicationControllers) say that changing a
  controller's label selector makes every pod leave its scope and three new pods appear. In
  apps/v1, which v1.32 serves, the apiserver refuses the change instead: the selector is
  immutable (pkg/registry/apps/deployment/strategy.go ValidateUpdate). Upstream wins.

  Background:
    Given a Deployment with 3 replicas

  Scenario: applying a changed selector is refused and nothing changes
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
            app: kubia-v2
        template:
          metadata:
            labels:
              app: kubia-v2
          spec:
            containers:
              - name: kubia
                image: luksa/kubia
      """
    Then the command fails with:
      """
      The Deployment "kubia" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"kubia-v2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
        in STDIN:7 (spec.selector)
      """
    And 3 pods matching "app=kubia" are Running
    And 0 pods are ContainerCreating

  Scenario: patching the selector is refused the same way
    When I run "kubectl patch deployment kubia -p '{"spec":{"selector":{"matchLabels":{"app":"other"}}}}'"
    Then the command fails with:
      """
      spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
      """

  Scenario: a selector that does not match the template's labels is refused on create
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: broken
      spec:
        selector:
          matchLabels:
            app: broken
        template:
          metadata:
            labels:
              app: other
          spec:
            containers:
              - name: web
                image: nginx
      """
    Then the command fails with:
      """
      The Deployment "broken" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`
      """

  Scenario: a Deployment without a selector is refused in apps/v1
    # The seed says the selector is derived from the template when left out; that was
    # extensions/v1beta1. apps/v1 requires it.
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: noselector
      spec:
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
      The Deployment "noselector" is invalid:
      * spec.selector: Required value
      * spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`
      """

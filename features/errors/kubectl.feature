@errors
Feature: A kubectl command that cannot be run gets kubectl's words and exit status

  Mistyped commands, resources and flags, missing arguments, bad jsonpath and label selectors,
  and objects that are not there: each prints what kubectl v1.32 prints and exits 1. Errors about
  some of the objects a command names come after what it did with the others, as kubectl prints
  them when it ends.

  Scenario Outline: a mistyped command: <command>
    When I run "kubectl <command> pods"
    Then the command exits with status 1, printing:
      """
      error: unknown command "<command>" for "kubectl"

      Did you mean this?
      	<suggestion>
      """

    Examples:
      | command | suggestion |
      | gte     | get        |
      | foo     | top        |
      | lable   | label      |

  Scenario: a command kubectl has that a scenario cannot run
    When I run "kubectl exec kubia -- ls"
    Then the command exits with status 1, printing:
      """
      error: "kubectl exec" is not supported in a scenario; the commands that are: annotate, apply, cordon, create, delete, describe, drain, get, label, logs, patch, rollout, run, scale, set, taint, uncordon, version
      """

  Scenario: a subcommand that does not exist
    When I run "kubectl rollout restart deployment/kubia"
    Then the command exits with status 1, printing:
      """
      error: unknown command "restart"
      See 'kubectl rollout -h' for help and examples
      """

  Scenario Outline: a resource type the cluster does not have: <type>
    When I run "kubectl get <type>"
    Then the command exits with status 1, printing:
      """
      error: the server doesn't have a resource type "<resource>"
      """

    Examples: kubectl names the resource without the group it was given
      | type          | resource   |
      | services      | services   |
      | deployment.v1 | deployment |
      | pods.v1       | pods       |
      | pod.batch     | pod        |

  Scenario: a resource/name argument without the name
    When I run "kubectl get pod/"
    Then the command exits with status 1, printing:
      """
      error: arguments in resource/name form must have a single resource and name
      """

  Scenario Outline: a flag that cannot be parsed: <flags>
    When I run "kubectl get pods <flags>"
    Then the command exits with status 1, printing:
      """
      error: <error>
      See 'kubectl get --help' for usage.
      """

    Examples:
      | flags               | error                                                                                                 |
      | --watchh            | unknown flag: --watchh                                                                                |
      | -x                  | unknown shorthand flag: 'x' in -x                                                                     |
      | -n                  | flag needs an argument: 'n' in -n                                                                     |
      | --selector          | flag needs an argument: --selector                                                                    |
      | --show-labels=maybe | invalid argument "maybe" for "--show-labels" flag: strconv.ParseBool: parsing "maybe": invalid syntax |

  Scenario: a count that is not a number, a negative count, and no count at all
    When I run "kubectl scale deployment kubia --replicas=three"
    Then the command exits with status 1, printing:
      """
      error: invalid argument "three" for "--replicas" flag: strconv.ParseInt: parsing "three": invalid syntax
      See 'kubectl scale --help' for usage.
      """
    When I run "kubectl scale deployment kubia --replicas=-1"
    Then the command exits with status 1, printing:
      """
      error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0
      """
    When I run "kubectl scale deployment kubia"
    Then the command exits with status 1, printing:
      """
      error: required flag(s) "replicas" not set
      """

  Scenario: a duration that is not one
    When I run "kubectl delete pod kubia --timeout=5x"
    Then the command exits with status 1, printing:
      """
      error: invalid argument "5x" for "--timeout" flag: time: unknown unit "x" in duration "5x"
      See 'kubectl delete --help' for usage.
      """

  Scenario: a value out of the choices a flag has
    When I run "kubectl delete pod kubia --cascade=sometimes"
    Then the command exits with status 1, printing:
      """
      error: invalid cascade value (sometimes). Must be "background", "foreground", or "orphan"
      """
    When I run "kubectl patch deployment kubia --type=strategic-merge -p '{}'"
    Then the command exits with status 1, printing:
      """
      error: --type must be one of [json merge strategic], not "strategic-merge"
      """
    When I run "kubectl get pods -o yml"
    Then the command exits with status 1, printing:
      """
      error: unable to match a printer suitable for the output format "yml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml
      """

  Scenario: arguments that are missing
    When I run "kubectl get"
    Then the command exits with status 1, printing:
      """
      You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

      error: Required resource not specified.
      Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
      See 'kubectl get -h' for help and examples
      """
    When I run "kubectl delete"
    Then the command exits with status 1, printing:
      """
      error: You must provide one or more resources by argument or filename.
      Example resource specifications include:
         '-f rsrc.yaml'
         '--filename=rsrc.json'
         '<resource> <name>'
         '<resource>'
      """
    When I run "kubectl delete pod"
    Then the command exits with status 1, printing:
      """
      error: resource(s) were provided, but no name was specified
      """
    When I run "kubectl logs"
    Then the command exits with status 1, printing:
      """
      error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
      POD or TYPE/NAME is a required argument for the logs command
      See 'kubectl logs -h' for help and examples
      """
    When I run "kubectl apply"
    Then the command exits with status 1, printing:
      """
      error: must specify one of -f and -k
      """

  Scenario: a flag marked required is checked before the arguments
    When I run "kubectl create deployment"
    Then the command exits with status 1, printing:
      """
      error: required flag(s) "image" not set
      """
    When I run "kubectl create deployment --image=nginx"
    Then the command exits with status 1, printing:
      """
      error: exactly one NAME is required, got 0
      See 'kubectl create deployment -h' for help and examples
      """
    When I run "kubectl run"
    Then the command exits with status 1, printing:
      """
      error: required flag(s) "image" not set
      """
    When I run "kubectl run --image=nginx"
    Then the command exits with status 1, printing:
      """
      error: NAME is required for run
      See 'kubectl run -h' for help and examples
      """

  Scenario Outline: a jsonpath template that does not parse: <template>
    When I run "kubectl get pods -o jsonpath='<template>'"
    Then the command exits with status 1, printing:
      """
      error: error parsing jsonpath <template>, <error>
      """

    Examples:
      | template                       | error               |
      | {.items[0                      | unterminated array  |
      | {.items[*].metadata.name       | unclosed action     |

  Scenario: a custom-columns spec without its JSONPath
    When I run "kubectl get pods -o custom-columns=NAME"
    Then the command exits with status 1, printing:
      """
      error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>
      """

  Scenario Outline: a label selector the apiserver cannot parse: <selector>
    When I run "kubectl get pods -l '<selector>'"
    Then the command exits with status 1, printing:
      """
      Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "<selector>", field selector "": <error>
      """

    Examples:
      | selector      | error                                                   |
      | app in (kubia | unable to parse requirement: found '', expected: ',' or ')' |
      | app notin     | unable to parse requirement: found '' expected: '('     |
      | app=kubia,,   | found ',', expected: identifier after ','               |

  Scenario: a field selector on a field pods cannot be selected by
    When I run "kubectl get pods --field-selector=spec.nodename=m01"
    Then the command exits with status 1, printing:
      """
      Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.nodename=m01": field label not supported: spec.nodename
      """

  Scenario: a name and a selector together
    When I run "kubectl get pods kubia -l app=kubia"
    Then the command exits with status 1, printing:
      """
      error: name cannot be provided when a selector is specified
      """

  Scenario: objects that are not there
    When I run "kubectl run kubia --image=luksa/kubia"
    And I run "kubectl delete pod kubia-v1"
    Then the command exits with status 1, printing:
      """
      Error from server (NotFound): pods "kubia-v1" not found
      """
    When I run "kubectl describe deployment kubia"
    Then the command exits with status 1, printing:
      """
      Error from server (NotFound): deployments.apps "kubia" not found
      """
    When I run "kubectl logs kubia -c web"
    Then the command exits with status 1, printing:
      """
      Error from server (BadRequest): container web is not valid for pod kubia
      """
    When I run "kubectl create job manual --from=cronjob/nightly"
    Then the command exits with status 1, printing:
      """
      Error from server (NotFound): cronjobs.batch "nightly" not found
      """
    When I run "kubectl delete -f kubia-deployment.yaml"
    Then the command exits with status 1, printing:
      """
      Error from server (NotFound): error when deleting "kubia-deployment.yaml": deployments.apps "kubia" not found
        in kubia-deployment.yaml:3
      """
    When I run "kubectl apply -f kubia-deploymnet.yaml"
    Then the command exits with status 1, printing:
      """
      error: the path "kubia-deploymnet.yaml" does not exist
      """

  Scenario: some of the objects named are there: kubectl acts on those, then reports the others
    When I run "kubectl run kubia --image=luksa/kubia"
    And I run "kubectl get pods kubia-v1 kubia -o name"
    Then the command exits with status 1, printing:
      """
      pod/kubia
      Error from server (NotFound): pods "kubia-v1" not found
      """
    When I run "kubectl delete pods kubia-v1 kubia kubia-v2"
    Then the command exits with status 1, printing:
      """
      pod "kubia" deleted
      Error from server (NotFound): pods "kubia-v1" not found
      Error from server (NotFound): pods "kubia-v2" not found
      """

  Scenario: a revision the Deployment never had
    Given a Deployment with 1 replica
    When I run "kubectl rollout undo deployment kubia --to-revision=9"
    Then the command exits with status 1, printing:
      """
      error: unable to find specified revision 9 in history
      """
    When I run "kubectl rollout history deployment kubia --revision=9"
    Then the command exits with status 1, printing:
      """
      error: unable to find the specified revision
      """

@time
Feature: Virtual time, and the ages kubectl prints
  Time passes only when a scenario says so, and only events that are due cost anything. AGE
  columns use kubectl's HumanDuration: seconds up to 2 minutes, then minutes and seconds up to
  10 minutes, minutes up to 3 hours, hours and minutes up to 8 hours, then hours, then days
  (k8s.io/apimachinery/pkg/util/duration/duration.go).

  Background:
    Given a Deployment with 1 replica

  Scenario Outline: after <duration>, AGE reads <age>
    When <duration> pass
    And I run "kubectl get deployment kubia --no-headers"
    Then the output matches "^kubia +1/1 +1 +1 +<age>\n$"

    Examples:
      | duration     | age   |
      | 115 seconds  | 119s  |
      | 245 seconds  | 4m9s  |
      | 236 seconds  | 4m    |
      | 24 minutes   | 24m   |
      | 3h5m         | 3h5m  |
      | 2 hours      | 120m  |
      | 1h30m        | 90m   |
      | 30 hours     | 30h   |
      | 3 days       | 3d    |

  Scenario: a month passes in no time when nothing is due
    When 30 days pass
    Then 1 pod runs
    When I run "kubectl get pods --no-headers"
    Then the output matches "^kubia-\S+ +1/1 +Running +0 +30d\n$"

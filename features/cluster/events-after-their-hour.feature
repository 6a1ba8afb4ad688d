@events
Feature: An event repeated after its hour is written again under its old name
  The apiserver keeps an Event for an hour after its last write (kube-apiserver --event-ttl, 1h).
  The component that wrote it remembers it longer: client-go's event correlator (tools/record,
  events_cache.go) keeps the last 4096 keys it saw. A repeat of the same event, same object,
  reason and message, takes that key's name, its first timestamp and one more than its count.
  recordEvent (event.go) then patches the event; when the patch finds nothing because the event
  has expired, it creates the event again under the same name, with the count going on.

  Scenario: the same scale-down two hours apart is one event seen twice
    Given a Deployment with 3 replicas
    When I run "kubectl scale deployment kubia --replicas=1"
    And 1 minute passes
    And I run "kubectl scale deployment kubia --replicas=3"
    And 1 minute passes
    And I run "kubectl get events --field-selector reason=ScalingReplicaSet -o custom-columns=NAME:.metadata.name,COUNT:.count,FIRST:.firstTimestamp,MESSAGE:.message"
    Then the output is:
      """
      NAME                     COUNT   FIRST                  MESSAGE
      kubia.161661ef9829c00f   1       2020-06-07T22:00:00Z   Scaled up replica set kubia-85bc775bc8 from 0 to 3
      kubia.161661f08694e825   1       2020-06-07T22:00:04Z   Scaled down replica set kubia-85bc775bc8 from 3 to 1
      kubia.161661fe7edc402a   1       2020-06-07T22:01:04Z   Scaled up replica set kubia-85bc775bc8 from 1 to 3
      """
    When 2 hours pass
    Then the output of "kubectl get events --field-selector reason=ScalingReplicaSet" is empty
    When I run "kubectl scale deployment kubia --replicas=1"
    And 1 minute passes
    And I run "kubectl get events --field-selector reason=ScalingReplicaSet -o custom-columns=NAME:.metadata.name,COUNT:.count,FIRST:.firstTimestamp,LAST:.lastTimestamp"
    # The name is the one the first scale-down's event had; its first timestamp is that event's.
    Then the output is:
      """
      NAME                     COUNT   FIRST                  LAST
      kubia.161661f08694e825   2       2020-06-07T22:00:04Z   2020-06-08T00:02:04Z
      """
    When I run "kubectl describe deployment kubia"
    Then the output contains "Normal  ScalingReplicaSet  60s (x2 over 123m)  deployment-controller  Scaled down replica set kubia-85bc775bc8 from 3 to 1"

// What the benchmarks share: the engine as benchmarks run it, and the seed's Deployment shape.
import { Scenario } from '../engine/scenario.ts';

/** A scenario as benchmarks run it: no deep freeze, no invariant checks, no report trace. */
export function benchScenario(nodeCount?: number): Scenario {
  const scenario = new Scenario({ seed: 1, readFile: () => undefined, freezeObjects: false, trace: false });
  if (nodeCount !== undefined) scenario.useNodeCount(nodeCount);
  return scenario;
}

/**
 * The shape of the seed's kubia-deployment.yaml (Kubernetes in Action, P92) with `replicas`;
 * `containerExtra` is YAML added to the container, indented as its other fields.
 */
export function kubiaDeployment(replicas: number, containerExtra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: kubia
spec:
  replicas: ${replicas}
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
          ports:
            - containerPort: 8080
              protocol: TCP
${containerExtra}`;
}

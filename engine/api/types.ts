// Kubernetes object types. They come from the `kubernetes-types` package (generated from the
// upstream OpenAPI; the newest published is 1.30, which matches v1.32 for every field we use).
export type { Pod, PodSpec, PodStatus, PodTemplateSpec, Container, ContainerState, ContainerStatus, ContainerPort, EnvVar, PodCondition, Node, NodeCondition, Event, Taint, Toleration, ObjectReference, Probe, Namespace } from 'kubernetes-types/core/v1.js';
export type { Deployment, ReplicaSet, DaemonSet } from 'kubernetes-types/apps/v1.js';
export type { Job, CronJob, JobCondition, JobSpec, JobTemplateSpec, PodFailurePolicy, SuccessPolicy } from 'kubernetes-types/batch/v1.js';
export type { ObjectMeta, OwnerReference, LabelSelector, LabelSelectorRequirement, Time } from 'kubernetes-types/meta/v1.js';

import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** Any object stored by the simulated apiserver. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Read-only view of stored objects: the store hands out its own copies, which must not be mutated. */
/** Removes `readonly` from a type's own fields (kubernetes-types marks server-set fields readonly). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type DeepReadonly<T> = T extends (infer R)[]
  ? ReadonlyArray<DeepReadonly<R>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

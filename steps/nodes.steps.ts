// What happens to nodes: network cuts, kubelet stops and starts, removal, new nodes joining.
import { When } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine } from './support/expect.ts';
import { applyNodeFault, joinNode } from '../engine/node-faults.ts';

/** The node's network is cut (`sudo ifconfig eth0 down`): its kubelet keeps running its containers
 * but can no longer reach the apiserver, so its Lease is not renewed; the node controller marks it
 * NotReady after the 50 s grace period and its pods are evicted 300 s later. */
When('node {word} goes NotReady', function (this: KubeWorld, node: string) {
  engine(this, () => applyNodeFault(this.scenario.cluster, node, 'goes-not-ready'));
});

/** The node's network is back (and its kubelet runs again if it was stopped): the kubelet renews its
 * Lease and posts its status on its next 10 s tick. */
When('node {word} comes back', function (this: KubeWorld, node: string) {
  engine(this, () => applyNodeFault(this.scenario.cluster, node, 'comes-back'));
});

/** The node's kubelet process stops (`systemctl stop kubelet`): its containers keep running, but
 * nothing on the node reports to the apiserver any more. */
When('the kubelet on {word} stops', function (this: KubeWorld, node: string) {
  engine(this, () => applyNodeFault(this.scenario.cluster, node, 'kubelet-stops'));
});

/** The node's kubelet process starts again: it posts the node's status and renews its Lease at once. */
When('the kubelet on {word} starts', function (this: KubeWorld, node: string) {
  engine(this, () => applyNodeFault(this.scenario.cluster, node, 'kubelet-starts'));
});

/** The node's machine is gone: its kubelet stops and its Node object is deleted; the pod
 * garbage collector deletes the pods bound to it after a 40 s quarantine. */
When('node {word} is deleted', function (this: KubeWorld, node: string) {
  engine(this, () => applyNodeFault(this.scenario.cluster, node, 'is-deleted'));
});

/** A new node registers with the default size and the usual labels. */
When('node {word} joins', function (this: KubeWorld, node: string) {
  engine(this, () => joinNode(this.scenario.cluster, node));
});

/** A new node registers with extra labels, written `disk=ssd` or `disk=ssd,zone=a`. */
When('node {word} joins with labels {word}', function (this: KubeWorld, node: string, labels: string) {
  engine(this, () => joinNode(this.scenario.cluster, node, labels));
});

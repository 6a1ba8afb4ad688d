// The state tables a report shows after a step: `kubectl get pods -o wide` and the workloads' own
// tables, each only when such objects exist, and the nodes when one is not Ready or is cordoned,
// all exactly as those commands print them (`-A` added when any of them lives outside the default
// namespace). The report makes them after each of a run's ~1,200 When steps: rather than parse each
// command line as `kubectl` would, it lists the objects and prints the table as runGet does for
// these commands (engine/kubectl/commands/get.ts), with what runKubectl does around a report's look
// (expired events gone first, the controllers settled after). test/reports/state-tables.test.ts
// checks the text against the commands' own output.
import type { Cluster } from '../engine/cluster.ts';
import { kindInfo } from '../engine/api/kinds.ts';
import { printTable } from '../engine/kubectl/printers.ts';

/** A table: the command it stands for, the kind it lists, whether it is `-o wide`, and whether `-A` may be added. */
interface TableCommand {
  kind: string;
  resource: string;
  wide: boolean;
  namespaced: boolean;
}

const PODS: TableCommand = { kind: 'Pod', resource: 'pods', wide: true, namespaced: true };
const NODES: TableCommand = { kind: 'Node', resource: 'nodes', wide: false, namespaced: false };

/** The workload tables shown beside the pods, each only when such objects exist. */
const WORKLOAD_TABLES: TableCommand[] = [
  { kind: 'Deployment', resource: 'deployments', wide: false, namespaced: true },
  { kind: 'DaemonSet', resource: 'daemonsets', wide: false, namespaced: true },
  { kind: 'Job', resource: 'jobs', wide: false, namespaced: true },
  { kind: 'CronJob', resource: 'cronjobs', wide: false, namespaced: true },
];

/** The command line a table stands for, as the report titles it. */
function commandLine(table: TableCommand, allNamespaces: boolean): string {
  return `kubectl get ${table.resource}${table.wide ? ' -o wide' : ''}${allNamespaces && table.namespaced ? ' -A' : ''}`;
}

/** The commands the state tables show now, in order. */
export function stateTableCommands(cluster: Cluster): string[] {
  const { tables, allNamespaces } = tablesFor(cluster);
  return tables.map((table) => commandLine(table, allNamespaces));
}

function tablesFor(cluster: Cluster): { tables: TableCommand[]; allNamespaces: boolean } {
  const { store } = cluster;
  const allNamespaces = [PODS, ...WORKLOAD_TABLES].some(({ kind }) => store.count(kind) !== store.count(kind, 'default'));
  const tables = [PODS, ...WORKLOAD_TABLES.filter(({ kind }) => store.count(kind) > 0)];
  const nodesChanged = store.list('Node').some((n) => (n.spec as { unschedulable?: boolean } | undefined)?.unschedulable || !(n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  if (nodesChanged) tables.push(NODES);
  return { tables, allNamespaces };
}

/**
 * What `kubectl get <resource> [-o wide] [-A]` prints for a report's look (stdout and stderr as a
 * terminal shows them, trailing whitespace cut), as runKubectl and runGet make it for a list of
 * one resource with no selector and no other flag.
 */
function tableOutput(cluster: Cluster, table: TableCommand, allNamespacesFlag: boolean): string {
  const allNamespaces = allNamespacesFlag && table.namespaced;
  // runKubectl: what kubectl reads is what the apiserver holds now, expired events gone.
  cluster.events.expire();
  const info = kindInfo(table.kind)!;
  // common.ts collect: a namespaced list in the default namespace unless -A.
  const objects = cluster.store.list(table.kind, !info.namespaced || allNamespaces ? undefined : 'default');
  const output =
    objects.length === 0
      ? allNamespaces
        ? 'No resources found'
        : 'No resources found in default namespace.'
      : printTable(table.kind, objects, cluster.nowMs(), { wide: table.wide, showLabels: false, labelColumns: [], noHeaders: false, withKind: false, allNamespaces });
  // runKubectl: the controllers settle after every command.
  cluster.settle();
  return output.trimEnd();
}

/** The state tables, each under its command line as a terminal shows it. */
export function stateTables(cluster: Cluster): string {
  const { tables, allNamespaces } = tablesFor(cluster);
  return tables.map((table) => `$ ${commandLine(table, allNamespaces)}\n${tableOutput(cluster, table, allNamespaces)}`).join('\n\n') + '\n';
}

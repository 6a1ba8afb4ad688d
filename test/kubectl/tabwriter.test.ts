import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESCRIBE_TABWRITER_OPTIONS, GET_TABWRITER_OPTIONS, tabwrite } from '../../engine/kubectl/tabwriter.ts';

// Cases from Go's src/text/tabwriter/tabwriter_test.go with flags 0. Go pads with the test's
// padchar; the port always pads with spaces (kubectl's padchar), so the expected text has the
// padchar replaced by a space. None of these inputs contains its padchar.
const goCases: { name: string; minWidth: number; padding: number; padchar: string; src: string; expected: string }[] = [
  { name: '1a', minWidth: 8, padding: 1, padchar: '.', src: '', expected: '' },
  { name: '2', minWidth: 8, padding: 1, padchar: '.', src: '\n\n\n', expected: '\n\n\n' },
  { name: '3', minWidth: 8, padding: 1, padchar: '.', src: 'a\nb\nc', expected: 'a\nb\nc' },
  { name: '4a', minWidth: 8, padding: 1, padchar: '.', src: '\t', expected: '' },
  { name: '5', minWidth: 8, padding: 1, padchar: '.', src: '*\t*', expected: '*.......*' },
  { name: '5b', minWidth: 8, padding: 1, padchar: '.', src: '*\t*\n', expected: '*.......*\n' },
  { name: '5c', minWidth: 8, padding: 1, padchar: '.', src: '*\t*\t', expected: '*.......*' },
  { name: '6', minWidth: 8, padding: 1, padchar: '.', src: '\t\n', expected: '........\n' },
  { name: '7a', minWidth: 8, padding: 1, padchar: '.', src: 'a) foo', expected: 'a) foo' },
  { name: '7b', minWidth: 8, padding: 1, padchar: ' ', src: 'b) foo\tbar', expected: 'b) foo  bar' },
  { name: '7c', minWidth: 8, padding: 1, padchar: '.', src: 'c) foo\tbar\t', expected: 'c) foo..bar' },
  { name: '7d', minWidth: 8, padding: 1, padchar: '.', src: 'd) foo\tbar\n', expected: 'd) foo..bar\n' },
  { name: '7e', minWidth: 8, padding: 1, padchar: '.', src: 'e) foo\tbar\t\n', expected: 'e) foo..bar.....\n' },
  { name: '8', minWidth: 8, padding: 1, padchar: '*', src: 'Hello, world!\n', expected: 'Hello, world!\n' },
  {
    name: '9a',
    minWidth: 1,
    padding: 0,
    padchar: '.',
    src: '1\t2\t3\t4\n11\t222\t3333\t44444\n',
    expected: '1.2..3...4\n11222333344444\n',
  },
  { name: '10a', minWidth: 5, padding: 0, padchar: '.', src: '1\t2\t3\t4\n', expected: '1....2....3....4\n' },
  { name: '10b', minWidth: 5, padding: 0, padchar: '.', src: '1\t2\t3\t4\t\n', expected: '1....2....3....4....\n' },
  {
    name: '11',
    minWidth: 8,
    padding: 1,
    padchar: '.',
    src: '本\tb\tc\naa\t本本本\tcccc\tddddd\naaa\tbbbb\n',
    expected: '本.......b.......c\naa......本本本.....cccc....ddddd\naaa.....bbbb\n',
  },
  {
    name: '12b',
    minWidth: 2,
    padding: 0,
    padchar: ' ',
    src: 'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n',
    expected: 'a  b  c\naa bbbcccc\naaabbbb\n',
  },
  {
    name: '12c',
    minWidth: 8,
    padding: 1,
    padchar: '_',
    src: 'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n',
    expected: 'a_______b_______c\naa______bbb_____cccc\naaa_____bbbb\n',
  },
  {
    name: '13a',
    minWidth: 4,
    padding: 1,
    padchar: '-',
    src: '4444\t日本語\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n',
    expected:
      '4444------日本語-22--1---333\n999999999-22\n7---------22\n------------------88888888\n\n' +
      '666666-666666-666666----4444\n1------1------999999999-0000000000\n',
  },
  {
    name: '13b',
    minWidth: 4,
    padding: 3,
    padchar: '.',
    src: '4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n',
    expected:
      '4444........333...22...1...333\n999999999...22\n7...........22\n....................88888888\n\n' +
      '666666...666666...666666......4444\n1........1........999999999...0000000000\n',
  },
  { name: '15a', minWidth: 4, padding: 0, padchar: '.', src: 'a\t\tb', expected: 'a.......b' },
];

for (const c of goCases) {
  test(`Go tabwriter case ${c.name}`, () => {
    const expected = c.expected.replaceAll(c.padchar, ' ');
    assert.equal(tabwrite(c.src, { minWidth: c.minWidth, tabWidth: 0, padding: c.padding, rememberWidths: false }), expected);
  });
}

test('kubectl option sets match cli-runtime and describe', () => {
  assert.deepEqual(GET_TABWRITER_OPTIONS, { minWidth: 6, tabWidth: 4, padding: 3, rememberWidths: true });
  assert.deepEqual(DESCRIBE_TABWRITER_OPTIONS, { minWidth: 0, tabWidth: 8, padding: 2, rememberWidths: false });
});

// The text describeService writes for TestDescribeService case "test1" in
// k8s.io/kubectl/pkg/describe/describe_test.go, built from describe.go's format strings
// ("Port:\t%s\t%d/%s\n", "Endpoints:\t%s\n", ...), and the output that test expects. The
// two-cell Port/NodePort lines form their own column blocks.
test('describe alignment: TestDescribeService test1', () => {
  const src = [
    'Name:\tbar',
    'Namespace:\tfoo',
    'Labels:\t<none>',
    'Annotations:\t<none>',
    'Selector:\tblah=heh',
    'Type:\tLoadBalancer',
    'IP Families:\tIPv4',
    'IP:\t1.2.3.4',
    'IPs:\t<none>',
    'Desired LoadBalancer IP:\t5.6.7.8',
    'LoadBalancer Ingress:\t5.6.7.8 (VIP)',
    'Port:\tport-tcp\t8080/TCP',
    'TargetPort:\t9527/TCP',
    'NodePort:\tport-tcp\t31111/TCP',
    'Endpoints:\t10.244.0.1:9527,10.244.0.2:9527,10.244.0.3:9527',
    'Session Affinity:\tNone',
    'External Traffic Policy:\tLocal',
    'Internal Traffic Policy:\tCluster',
    'HealthCheck NodePort:\t32222',
    'Traffic Distribution:\tPreferClose',
    'Events:\t<none>',
    '',
  ].join('\n');
  const expected = [
    'Name:                     bar',
    'Namespace:                foo',
    'Labels:                   <none>',
    'Annotations:              <none>',
    'Selector:                 blah=heh',
    'Type:                     LoadBalancer',
    'IP Families:              IPv4',
    'IP:                       1.2.3.4',
    'IPs:                      <none>',
    'Desired LoadBalancer IP:  5.6.7.8',
    'LoadBalancer Ingress:     5.6.7.8 (VIP)',
    'Port:                     port-tcp  8080/TCP',
    'TargetPort:               9527/TCP',
    'NodePort:                 port-tcp  31111/TCP',
    'Endpoints:                10.244.0.1:9527,10.244.0.2:9527,10.244.0.3:9527',
    'Session Affinity:         None',
    'External Traffic Policy:  Local',
    'Internal Traffic Policy:  Cluster',
    'HealthCheck NodePort:     32222',
    'Traffic Distribution:     PreferClose',
    'Events:                   <none>',
    '',
  ].join('\n');
  assert.equal(tabwrite(src, DESCRIBE_TABWRITER_OPTIONS), expected);
});

// A line without a tab ends every column block (Go flushes there), and a tab-terminated cell is
// padded even when nothing follows it: `Status:` gets trailing spaces in TestDescribePodVolumes.
test('describe alignment: single-cell lines split blocks, empty values keep their padding', () => {
  const src = 'Name:\tbar\nStatus:\t\nIPs:\t<none>\nContainers: <none>\nQoS Class:\tBestEffort\nNode-Selectors:\t<none>\n';
  const expected = 'Name:    bar\nStatus:  \nIPs:     <none>\nContainers: <none>\nQoS Class:       BestEffort\nNode-Selectors:  <none>\n';
  assert.equal(tabwrite(src, DESCRIBE_TABWRITER_OPTIONS), expected);
});

// From the seed notes (kubernetes-in-action ch. 4): a real `kubectl get pods` table.
test('get alignment: minwidth 6, padding 3', () => {
  const src =
    'NAME\tREADY\tSTATUS\tRESTARTS\tAGE\n' +
    'kubia-9495d9bf5-5dwj7\t1/1\tTerminating\t0\t24m\n' +
    'kubia-9495d9bf5-kxcw5\t0/1\tContainerCreating\t0\t9s\n';
  const expected =
    'NAME                    READY   STATUS              RESTARTS   AGE\n' +
    'kubia-9495d9bf5-5dwj7   1/1     Terminating         0          24m\n' +
    'kubia-9495d9bf5-kxcw5   0/1     ContainerCreating   0          9s\n';
  assert.equal(tabwrite(src, GET_TABWRITER_OPTIONS), expected);
});

// liggitt/tabwriter's RememberWidths (kubectl get) against Go's standard tabwriter (describe):
// after the flush a single-cell line causes, get keeps the wider column, describe starts afresh.
test('a flush keeps column widths for get (RememberWidths) but not for describe', () => {
  const src = 'a-long-name\tx\n' + 'single cell line\n' + 'b\ty\n';
  assert.equal(tabwrite(src, GET_TABWRITER_OPTIONS), 'a-long-name   x\n' + 'single cell line\n' + 'b             y\n');
  assert.equal(tabwrite(src, DESCRIBE_TABWRITER_OPTIONS), 'a-long-name  x\n' + 'single cell line\n' + 'b  y\n');
});

import { Chart } from 'cdk8s';
import { MonitoringDaemon } from 'shipshape';

// A minimal fluent-bit pipeline: tail every container log on the node, add pod metadata from the
// API, and print the records. Swap the [OUTPUT] for your log store (and allow egress to it).
const FLUENT_BIT_CONF = `[SERVICE]
    Flush         5
    Log_Level     info
    HTTP_Server   On
    HTTP_Listen   0.0.0.0
    HTTP_Port     2020
    Parsers_File  /fluent-bit/etc/parsers.conf

[INPUT]
    Name              tail
    Path              /var/log/containers/*.log
    multiline.parser  cri, docker
    Tag               kube.*
    DB                /tmp/tail-positions.db
    Mem_Buf_Limit     16MB
    Skip_Long_Lines   On

[FILTER]
    Name       kubernetes
    Match      kube.*
    Merge_Log  On

[OUTPUT]
    Name   stdout
    Match  *
    Format json_lines
`;

/**
 * The cluster's log shipper: a fluent-bit DaemonSet on every Linux worker node, reading container
 * logs through read-only host mounts. Its host access needs the "privileged" Pod Security level,
 * so it lives in a namespace of its own and the application namespaces stay "restricted".
 */
export function buildMonitoring(chart: Chart): MonitoringDaemon {
  return new MonitoringDaemon(chart, 'log-shipper', {
    name: 'log-shipper',
    partOf: 'monitoring',
    image: 'fluent/fluent-bit:3.1.9',
    preset: 'log-shipper',
    command: ['/fluent-bit/bin/fluent-bit'],
    args: ['--config=/fluent-bit/etc/conf/fluent-bit.conf'],
    config: { files: { 'fluent-bit.conf': FLUENT_BIT_CONF }, mountPath: '/fluent-bit/etc/conf' },
    minReadySeconds: 10,
    // The kubernetes filter asks the API server for pod metadata. NetworkPolicies see the API
    // server's endpoint addresses (`kubectl get endpoints kubernetes`), not its Service IP: put
    // your cluster's here, and add your log store once [OUTPUT] ships somewhere.
    egress: [{ cidr: '192.0.2.10/32', ports: [{ port: 6443 }] }],
  });
}

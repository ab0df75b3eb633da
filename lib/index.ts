// Shipshape's public API: everything a user imports comes from here.

// The shared core: identity, errors, validation, pods, configuration, connections.
export * from './core/errors';
export * from './core/validate';
export * from './core/identity';
export * from './core/image';
export * from './core/quantity';
export * from './core/resources';
export * from './core/security';
export * from './core/probes';
export * from './core/config';
export * from './core/network';
export * from './core/availability';
export * from './core/pod';
export * from './core/connection';
export * from './core/workload';
export * from './core/cluster-scoped';
export * from './core/storage';
export * from './core/rollout';
export * from './core/manifests';

// Workloads.
export * from './workloads/web-app';
export * from './workloads/web-app/autoscaling';
export * from './workloads/web-app/exposure';
export * from './workloads/stateful-database';
export * from './workloads/database/engines';
export * from './workloads/database/credentials';
export * from './workloads/database/storage';
export type { ReplicationProps } from './workloads/database/replication';
export * from './workloads/cron-task';
export * from './workloads/task';
export * from './workloads/batch/schedule';
export * from './workloads/batch/claim';
export * from './workloads/batch/job';
export * from './workloads/monitoring-daemon';
export { CONTROL_PLANE_TAINT } from './workloads/daemon/scheduling';
export type { DaemonSchedulingProps, NodeRequirement, TaintEffect, Toleration } from './workloads/daemon/scheduling';
export type { DaemonHostAccessProps, HostMount, HostPathType } from './workloads/daemon/host-access';
export type { DaemonMetricsProps, DaemonProbeProps } from './workloads/daemon/metrics';
export type { DaemonApiAccessProps } from './workloads/daemon/cluster-access';
export { MONITORING_DAEMON_PRESETS, MONITORING_DAEMON_PRESET_NAMES } from './workloads/daemon/presets';
export type { MonitoringDaemonPreset, MonitoringDaemonPresetProps } from './workloads/daemon/presets';

// Platform building blocks: namespaces and access.
export * from './platform/environment';
export * from './platform/quota';
export * from './platform/access';

// Tooling over plain manifests: policy checks and the upgrade guard.
export * from './policy';
export * from './guard';

// Shipshape's public API: the constructs, their props and results, the helpers users call, the
// error type, and the policy check as it runs at synth. Reading and checking YAML lives in the
// `shipshape/policy` and `shipshape/guard` entry points; test helpers in `shipshape/testing`.
// Everything else in lib/ is internal and may change without notice.

// Errors.
export { DuplicateObjectError, ShipshapeError, UnknownPropError } from './core/errors';
export type { DuplicateObjects, DuplicateSource } from './core/errors';

// What every workload shares: identity, container settings, resources, security, probes,
// configuration and secrets, network isolation and connections.
export type { Identity, IdentityProps } from './core/identity';
export type { WorkloadContainerProps } from './core/pod';
export type { ContainerPortSpec, ContainerSettings, SharedMount } from './core/container';
export type { ExtraContainerProps, PodContainersProps, SidecarProps } from './core/extra-containers';
export type { PullPolicy } from './core/image';
export type { ResourcePreset, ResourceQuantities, ResourcesProps } from './core/resources';
export type { ContainerSecurityProps, SecurityProps, HostAccess } from './core/security';
export { HealthProbe } from './core/probes';
export type { ExecProbe, GrpcProbe, HeartbeatOptions, HttpProbe, NoProbe, ProbeSpec, ProbeTimings, TcpProbe } from './core/probes';
export { AppSecret } from './core/config';
export type { AppSecretProps, ConfigProps, SecretFiles, SecretKeyRef, SecretsProps } from './core/config';
export type { EgressRule, NetworkProps, PolicyPort } from './core/network';
export type { ConnectionEndpoint, ConnectOptions, IConnectable } from './core/connection';
export { ConnectableWorkload, ShipshapeWorkload } from './core/workload';
export type { WorkloadIdentityProps, WorkloadKind } from './core/workload';
export type { Props, PropField, PropSpec, PropsTable } from './core/props';
export type { VolumeAccessMode } from './core/storage';
export type { PodSecurityLevel } from './kube/pod-security';

// What the Deployments of a WebApp and a Worker share.
export type { DeploymentRolloutProps } from './core/deployment';
export type { AutoscalingProps } from './core/autoscaling';

// WebApp.
export { WebApp } from './workloads/web-app';
export type { WebAppProps, WebAppServiceType } from './workloads/web-app';
export type { ExposureProps, GatewayRef, WebAppHttpRouteProps, WebAppIngressProps } from './workloads/web-app/exposure';

// Worker.
export { Worker } from './workloads/worker';
export type { WorkerProps } from './workloads/worker';

// StatefulDatabase.
export { StatefulDatabase } from './workloads/stateful-database';
export type { StatefulDatabaseProps, StatefulPodManagementPolicy } from './workloads/stateful-database';
export type { CustomEngine, DatabaseEngineName, EngineCredentialEnv } from './workloads/database/engines';
export type { DatabaseCredentials } from './workloads/database/credentials';
export type { ClaimRetention, RetentionProps, StorageProps, VolumeClaimProps } from './workloads/database/storage';
export type { ReplicationProps } from './workloads/database/replication';

// CronTask and Task.
export { CronTask } from './workloads/cron-task';
export type { CronConcurrencyPolicy, CronTaskProps } from './workloads/cron-task';
export { Task } from './workloads/task';
export type { TaskProps } from './workloads/task';
export type { BatchJobProps, BatchWorkloadProps, JobRestartPolicy } from './workloads/batch/job';
export type { Schedule } from './workloads/batch/schedule';
export { PersistentClaim } from './workloads/batch/claim';
export type { ClaimMount, PersistentClaimProps } from './workloads/batch/claim';

// MonitoringDaemon.
export { MonitoringDaemon } from './workloads/monitoring-daemon';
export type { MonitoringDaemonProps } from './workloads/monitoring-daemon';
export { CONTROL_PLANE_TAINT } from './workloads/daemon/scheduling';
export type { DaemonSchedulingProps, NodeRequirement, TolerationEffect, Toleration } from './workloads/daemon/scheduling';
export type { DaemonHostAccessProps, HostMount, HostPathType } from './workloads/daemon/host-access';
export type { DaemonMetricsProps, DaemonProbeProps } from './workloads/daemon/metrics';
export type { DaemonApiAccessProps } from './workloads/daemon/cluster-access';
export { MONITORING_DAEMON_PRESETS } from './workloads/daemon/presets';
export type { MonitoringDaemonPreset, MonitoringDaemonPresetProps } from './workloads/daemon/presets';

// Platform building blocks: namespaces and access.
export { Environment } from './platform/environment';
export type { EnvironmentKind, EnvironmentProps } from './platform/environment';
export type { QuotaProps } from './platform/quota';
export { Access } from './platform/access';
export type { AccessProps, AccessVerb, PermissionProps } from './platform/access';

// The policy check at synth: in the App, as a cdk8s validation plugin, and suppressions.
export { addPolicyCheck, suppressRule } from './policy/constructs';
export { ShipshapeValidation } from './policy/plugin';
export type { ShipshapeValidationProps } from './policy/plugin';
export type { CheckOptions } from './policy/engine';

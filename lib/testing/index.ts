// `shipshape/testing`: what a project's own tests import to snapshot-test and check its app.
export { findManifest, synthManifests } from './synth';
export type { ManifestSource } from './synth';
export { manifestSnapshotSerializer, manifestsByName, toYamlDocuments } from './snapshot';
export type { SnapshotSerializer } from './snapshot';
export { assertValidOutput, outputProblems } from './validity';
export type { ValidityOptions } from './validity';
export { assertSafeUpgrade, upgradeFindings } from './upgrade';
export type { UpgradeOptions } from './upgrade';
export type { Manifest } from '../manifests/manifest';
export type { GuardFinding } from '../guard/types';

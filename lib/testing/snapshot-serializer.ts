// `snapshotSerializers: ['shipshape/testing/snapshot-serializer']` in a jest config: the module
// jest loads, with the serializer's test and serialize as its exports.
import { manifestSnapshotSerializer } from './snapshot';

/** Whether the serializer renders the value (see {@link manifestSnapshotSerializer}). */
export const test = manifestSnapshotSerializer.test;
/** The value as YAML documents (see {@link manifestSnapshotSerializer}). */
export const serialize = manifestSnapshotSerializer.serialize;

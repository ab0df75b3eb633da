import { Entry, ObjectIndex } from './context';
import { RuleInfo } from './types';

/** Reports one finding of the running rule on an object. */
export type Emit = (entry: Entry, message: string, fields?: readonly string[]) => void;

/** A best-practice rule: metadata plus a check over the whole indexed set. */
export interface Rule extends RuleInfo {
  /** Runs the rule over the set; cross-object rules use the index's lookups, never nested scans. */
  check(index: ObjectIndex, emit: Emit): void;
}

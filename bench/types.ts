// What a benchmark run measured: written by run.ts, rendered by report.ts.
import type { GraphResult } from './graph';
import type { ProcessProfile } from './profiles';
import type { Stat } from './stats';

/** A command measured over several runs. */
export interface Timed {
  readonly label: string;
  readonly command: string;
  /** Absent when the command failed. */
  readonly ms?: Stat;
  readonly rss?: Stat;
  /** CPU time (user + system), when GNU time measured it. */
  readonly cpuMs?: Stat;
  /** Why the command could not be measured. */
  readonly error?: string;
}

/** One implementation at one fleet size. */
export interface ScaleRow {
  readonly n: number;
  readonly impl: 'shipshape' | 'baseline';
  readonly objects: number;
  readonly kinds: Readonly<Record<string, number>>;
  /** Lines and kilobytes of YAML. */
  readonly lines: number;
  readonly kb: number;
  /** Construct + synth in the process. */
  readonly ms: Stat;
  /** Module loading before the benchmark code ran. */
  readonly loadMs: Stat;
  /** The whole process. */
  readonly wallMs: Stat;
  readonly rss: Stat;
}

/** Policy check and upgrade guard over the N = 1,000 output. */
export interface CheckGuardRow {
  readonly objects: number;
  readonly parseMs: Stat;
  readonly checkMs: Stat;
  readonly guardMs: Stat;
  readonly checkFindings: number;
  readonly guardFindings: number;
  /** The policy engineer's own benchmark (synthetic 5,000 objects), its printed summary. */
  readonly syntheticCheck?: string;
}

/** The topology graph over the N = 1,000 output: its phases in one process, then the command per format. */
export interface GraphRow {
  readonly objects: number;
  readonly nodes: number;
  readonly edges: number;
  readonly parseMs: Stat;
  readonly buildMs: Stat;
  readonly mermaidMs: Stat;
  readonly dotMs: Stat;
  readonly htmlMs: Stat;
  /** Output sizes in kilobytes. */
  readonly kb: GraphResult['kb'];
  /** `shipshape graph` as a whole process, one row per format. */
  readonly cli: Timed[];
}

/** One step of `npm test`. */
export interface TestStep {
  readonly label: string;
  readonly ms: number;
  readonly status: number | null;
  readonly summary?: string;
}

/** Everything a benchmark run measured. */
export interface Results {
  readonly date: string;
  readonly machine: { cpus: number; model: string; memoryGb: number; node: string; platform: string; loadStart: number[]; loadEnd: number[] };
  readonly runs: number;
  readonly rssSource: string;
  readonly coldSynth: Timed[];
  /** The first synth on a fresh clone after npm ci (one run). */
  readonly firstAfterClone?: Timed;
  /** A watched re-synth after a one-line change, from the change to the written output. */
  readonly watchResynth?: Stat;
  readonly scale: ScaleRow[];
  readonly checkGuard: CheckGuardRow;
  /** Absent in results from before the graph command existed. */
  readonly graph?: GraphRow;
  readonly tests?: TestStep[];
  readonly profiles: ProcessProfile[];
  readonly totalMs: number;
}

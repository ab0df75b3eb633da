import { k8s } from 'cdk8s-plus-28';

/** What an engine adds to its members' main container to replicate. */
export interface EngineReplication {
  /** The container's command: a script that starts the member as the primary or a read replica. */
  readonly command: string[];
  /** Server settings placed before the user's args. */
  readonly args: string[];
  /** Env the scripts read, besides the role, pod name and primary address every engine gets. */
  readonly env: k8s.EnvVar[];
  /** The script of an init container that prepares a replica's volume. @default - none */
  readonly cloneScript?: string;
}

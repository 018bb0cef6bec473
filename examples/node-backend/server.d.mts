import type { Server } from 'node:http';

export interface VerifyServerConfig {
  verify: (bytes: Uint8Array, options?: object) => Promise<object>;
  trustAnchors?: Uint8Array[];
  /** Largest accepted body in bytes (default 20 MiB); larger bodies get 413. */
  maxBytes?: number;
}

export function createVerifyServer(config: VerifyServerConfig): Server;

/** One file's verification, shared by the in-process loop and the worker threads. */
import { readFileSync } from 'node:fs';
import type { VerifyOptionsInput } from '../options.js';
import type { Verdict } from '../verdict/schema.js';
import { verify } from '../verify.js';
import { nodeCreateHash } from './node-crypto.js';

/** verify() options the CLI builds once; structured-clone safe so it can be handed to workers. */
export interface JobOptions {
  trustAnchors: Uint8Array[];
  certificates: Uint8Array[];
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
  detachedContent?: Uint8Array;
  revocation: 'hard-fail' | 'soft-fail' | 'off';
  /** ISO time; fixed once per run so every file of a batch is judged at the same instant. */
  validationTime: string;
  transaction?: string;
  partyAgreement: boolean;
  trustLists: unknown[];
  /** Official ETSI TS 119 612 lists (XML bytes) and the signer certificates they are pinned to. */
  etsiLists: { xml: Uint8Array; pinnedSigners: Uint8Array[] }[];
  /** Russia's accredited-CA list XML files. */
  ruLists: Uint8Array[];
}

export type FileResult =
  | { file: string; verdict: Verdict; ms: number }
  | { file: string; error: string; ms: number; unreadable: boolean };

export function toVerifyOptions(o: JobOptions): NonNullable<VerifyOptionsInput> {
  const options: NonNullable<VerifyOptionsInput> = {
    trustAnchors: o.trustAnchors,
    certificates: o.certificates,
    crls: o.crls,
    ocspResponses: o.ocspResponses,
    revocation: { mode: o.revocation },
    validationTime: new Date(o.validationTime),
    partyAgreement: o.partyAgreement,
    trustLists: o.trustLists,
    etsiTrustLists: o.etsiLists,
    ruAccreditedCaLists: o.ruLists.map((xml) => ({ xml })),
    crypto: { createHash: nodeCreateHash as (n: string) => unknown },
  };
  if (o.detachedContent) options.detachedContent = o.detachedContent;
  if (o.transaction !== undefined) options.transaction = o.transaction;
  return options;
}

export async function verifyFile(file: string, o: JobOptions): Promise<FileResult> {
  const started = Date.now();
  let bytes: Uint8Array;
  try {
    const b = readFileSync(file);
    bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength); // a view, not a copy: big PDFs stay single
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { file, error: `cannot read file ${file}${code ? ` (${code})` : ''}`, ms: 0, unreadable: true };
  }
  try {
    const verdict = await verify(bytes, toVerifyOptions(o));
    return { file, verdict, ms: Date.now() - started };
  } catch (e) {
    return {
      file,
      error: e instanceof Error ? e.message : String(e),
      ms: Date.now() - started,
      unreadable: false,
    };
  }
}

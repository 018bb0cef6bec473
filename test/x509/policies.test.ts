import { beforeAll, describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/x509/certificate.js';
import { ANY_POLICY } from '../../src/x509/extensions.js';
import { type PathPolicy, type PathResult, validatePath, X509_PROBLEMS } from '../../src/x509/path.js';
import {
  anchor,
  cert,
  crypto,
  inhibitAnyPolicyExt,
  NOW,
  type Party,
  party,
  policiesExt,
  policyConstraintsExt,
  policyMappingsExt,
} from './pki.js';

const P1 = '1.3.6.1.4.1.99999.2.1';
const P2 = '1.3.6.1.4.1.99999.2.2';
const P3 = '1.3.6.1.4.1.99999.2.3';

let root: Party;
let ca: Party;
let ee: Party;
let rootCert: Certificate;

beforeAll(async () => {
  [root, ca, ee] = await Promise.all([party('CN=Policy Root'), party('CN=Policy CA'), party('CN=Policy EE')]);
  rootCert = await cert({ subject: root, ca: true });
});

async function chain(
  caExts: Parameters<typeof cert>[0]['extensions'],
  eePolicies?: string[],
): Promise<[Certificate, Certificate]> {
  const caCert = await cert({ subject: ca, issuer: root, ca: true, extensions: caExts ?? [] });
  const eeCert = await cert({
    subject: ee,
    issuer: ca,
    extensions: eePolicies ? [policiesExt(eePolicies)] : [],
  });
  return [eeCert, caCert];
}

const run = ([target, caCert]: [Certificate, Certificate], policy: PathPolicy = {}): Promise<PathResult> =>
  validatePath({
    target,
    pool: [caCert],
    anchors: [anchor(rootCert)],
    time: NOW,
    purpose: 'signing',
    crypto,
    policy,
  });

const explicit = (set?: string[]): PathPolicy => ({
  initialExplicitPolicy: true,
  ...(set ? { initialPolicySet: set } : {}),
});
const codes = (r: PathResult) => r.problems.filter((p) => p.severity === 'error').map((p) => p.code);

describe('certificate policies (RFC 5280 §6.1 valid_policy_tree)', () => {
  it('a policy asserted all the way down satisfies an explicit policy requirement', async () => {
    const r = await run(await chain([policiesExt([P1])], [P1]), explicit([P1]));
    expect(r.status, r.stoppedBecause).toBe('valid');
    expect(r.validPolicies).toEqual([P1]);
  });

  it('a policy the CA does not assert ends the tree: fine unless a policy is required', async () => {
    const c = await chain([policiesExt([P1])], [P2]);
    const lax = await run(c);
    expect(lax.status).toBe('valid');
    expect(lax.validPolicies).toEqual([]);
    const strict = await run(c, explicit());
    expect(strict.status).toBe('invalid');
    expect(strict.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
    expect(codes(strict)).toEqual([X509_PROBLEMS.POLICY_REQUIRED]);
  });

  it('the user-initial-policy-set is intersected with the tree', async () => {
    const c = await chain([policiesExt([P1, P2])], [P1, P2]);
    expect((await run(c, explicit([P2]))).validPolicies).toEqual([P2]);
    expect(codes(await run(c, explicit([P3])))).toEqual([X509_PROBLEMS.POLICY_REQUIRED]);
  });

  it('policy mapping carries an issuer-domain policy into the subject domain, unless mapping is inhibited', async () => {
    const c = await chain([policiesExt([P1]), policyMappingsExt([[P1, P2]])], [P2]);
    const mapped = await run(c, explicit([P1]));
    expect(mapped.status, mapped.stoppedBecause).toBe('valid');
    expect(mapped.validPolicies).toEqual([P2]);
    const inhibited = await run(c, { ...explicit([P1]), initialPolicyMappingInhibit: true });
    expect(codes(inhibited)).toEqual([X509_PROBLEMS.POLICY_REQUIRED]);
    // inhibitPolicyMapping 0 in the CA itself applies from the next certificate on: the CA's own mapping still counts.
    const selfInhibit = await chain(
      [policiesExt([P1]), policyMappingsExt([[P1, P2]]), policyConstraintsExt(undefined, 0)],
      [P2],
    );
    expect((await run(selfInhibit, explicit([P1]))).status).toBe('valid');
  });

  it('mapping from or to anyPolicy is an error', async () => {
    const c = await chain([policiesExt([P1]), policyMappingsExt([[ANY_POLICY, P2]])], [P2]);
    expect(codes(await run(c))).toContain(X509_PROBLEMS.POLICY_MAPPING_ANY_POLICY);
  });

  it('requireExplicitPolicy 0 in a CA requires a policy for the rest of the path', async () => {
    const c = await chain([policiesExt([P1]), policyConstraintsExt(0)], undefined);
    const r = await run(c);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual([X509_PROBLEMS.POLICY_REQUIRED]);
    expect((await run(await chain([policiesExt([P1]), policyConstraintsExt(0)], [P1]))).status).toBe('valid');
  });

  it('anyPolicy in a CA matches any policy below it, unless inhibitAnyPolicy stops it', async () => {
    const anyCa = await chain([policiesExt([ANY_POLICY])], [P3]);
    const r = await run(anyCa, explicit([P3]));
    expect(r.status, r.stoppedBecause).toBe('valid');
    expect(r.validPolicies).toEqual([P3]);
    const anyBoth = await chain([policiesExt([ANY_POLICY])], [ANY_POLICY]);
    expect((await run(anyBoth, explicit())).validPolicies).toEqual([ANY_POLICY]);
    const inhibited = await chain([policiesExt([ANY_POLICY]), inhibitAnyPolicyExt(0)], [ANY_POLICY]);
    expect(codes(await run(inhibited, explicit()))).toEqual([X509_PROBLEMS.POLICY_REQUIRED]);
    expect(codes(await run(anyBoth, { ...explicit(), initialAnyPolicyInhibit: true }))).toEqual([
      X509_PROBLEMS.POLICY_REQUIRED,
    ]);
  });
});

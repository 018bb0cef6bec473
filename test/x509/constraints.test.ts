import { beforeAll, describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/x509/certificate.js';
import { EKU } from '../../src/x509/extensions.js';
import { type PathRequest, type PathResult, validatePath, X509_PROBLEMS } from '../../src/x509/path.js';
import {
  anchor,
  cert,
  crypto,
  KU,
  NOW,
  nameConstraintsExt,
  type Party,
  party,
  rawExt,
  sanExt,
} from './pki.js';

let root: Party;
let ca: Party;
let ee: Party;
let rootCert: Certificate;
let caCert: Certificate;

beforeAll(async () => {
  [root, ca, ee] = await Promise.all([
    party('CN=Root, O=Test'),
    party('CN=CA, O=Test'),
    party('C=US, O=Good, CN=Alice'),
  ]);
  rootCert = await cert({ subject: root, ca: true });
  caCert = await cert({ subject: ca, issuer: root, ca: true });
});

const run = (
  target: Certificate,
  pool: Certificate[],
  over: Partial<PathRequest> = {},
): Promise<PathResult> =>
  validatePath({ target, pool, anchors: [anchor(rootCert)], time: NOW, purpose: 'signing', crypto, ...over });

const codes = (r: PathResult) => r.problems.filter((p) => p.severity === 'error').map((p) => p.code);

describe('basicConstraints, pathLen and keyUsage', () => {
  it('an intermediate without basicConstraints is not a CA', async () => {
    const noBc = await cert({
      subject: ca,
      issuer: root,
      noBasicConstraints: true,
      keyUsage: KU.keyCertSign,
    });
    const leaf = await cert({ subject: ee, issuer: ca });
    const r = await run(leaf, [noBc]);
    expect(r.status).toBe('invalid');
    expect(r.subIndication).toBe('CERTIFICATE_CHAIN_GENERAL_FAILURE');
    expect(codes(r)).toEqual([X509_PROBLEMS.NOT_A_CA]);
  });

  it('pathLenConstraint 0 forbids a further CA, but self-issued certificates do not count', async () => {
    const ca0 = await cert({ subject: ca, issuer: root, ca: true, pathLen: 0 });
    const sub = await party('CN=Sub, O=Test');
    const subCert = await cert({ subject: sub, issuer: ca, ca: true });
    const leafOfSub = await cert({ subject: ee, issuer: sub });
    const r = await run(leafOfSub, [ca0, subCert]);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toEqual([X509_PROBLEMS.PATHLEN_EXCEEDED]);
    expect(r.problems[0]!.at).toBe(subCert.sha256);

    // Key rollover: the CA's new key certified by its old key (self-issued, same name).
    const rolled = await party('CN=CA, O=Test');
    const rollover = await cert({ subject: rolled, issuer: ca, ca: true });
    const leafOfRolled = await cert({ subject: ee, issuer: rolled });
    const ok = await run(leafOfRolled, [ca0, rollover]);
    expect(ok.status, ok.stoppedBecause).toBe('valid');
    expect(ok.path.map((c) => c.sha256)).toEqual([
      leafOfRolled.sha256,
      rollover.sha256,
      ca0.sha256,
      rootCert.sha256,
    ]);
  });

  it('an intermediate whose keyUsage lacks keyCertSign cannot issue', async () => {
    const noSign = await cert({
      subject: ca,
      issuer: root,
      ca: true,
      keyUsage: KU.cRLSign | KU.digitalSignature,
    });
    const r = await run(await cert({ subject: ee, issuer: ca }), [noSign]);
    expect(codes(r)).toEqual([X509_PROBLEMS.KEYUSAGE_MISSING_KEYCERTSIGN]);
  });

  it('an unknown critical extension fails, unless the caller says it processes it', async () => {
    const oid = '1.3.6.1.4.1.99999.1';
    const leaf = await cert({
      subject: ee,
      issuer: ca,
      extensions: [rawExt(oid, true, new Uint8Array([5, 0]))],
    });
    const r = await run(leaf, [caCert]);
    expect(r.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
    expect(codes(r)).toEqual([X509_PROBLEMS.UNKNOWN_CRITICAL_EXTENSION]);
    expect((await run(leaf, [caCert], { policy: { knownCriticalExtensions: [oid] } })).status).toBe('valid');
    const nonCritical = await cert({
      subject: ee,
      issuer: ca,
      extensions: [rawExt(oid, false, new Uint8Array([5, 0]))],
    });
    expect((await run(nonCritical, [caCert])).status).toBe('valid');
  });

  it('a malformed extension fails closed', async () => {
    const leaf = await cert({
      subject: ee,
      issuer: ca,
      keyUsage: 0,
      extensions: [rawExt('2.5.29.15', true, new Uint8Array([4, 1, 0]))],
    });
    const r = await run(leaf, [caCert]);
    expect(r.status).toBe('invalid');
    expect(codes(r)).toContain(X509_PROBLEMS.EXTENSION_MALFORMED);
  });
});

describe('validity period', () => {
  it('an expired target is OUT_OF_BOUNDS_NO_POE with the target flagged; the anchor is not checked by default', async () => {
    const expiredRoot = await cert({ subject: root, ca: true, notAfter: new Date('2024-01-01T00:00:00Z') });
    const leaf = await cert({ subject: ee, issuer: ca, notAfter: new Date('2025-01-01T00:00:00Z') });
    const anchors = [anchor(expiredRoot)];
    const r = await run(leaf, [caCert], { anchors });
    expect(r.status).toBe('invalid');
    expect(r.subIndication).toBe('OUT_OF_BOUNDS_NO_POE');
    expect(r.outOfBounds).toEqual([expect.objectContaining({ index: 0, isTarget: true, kind: 'expired' })]);
    expect(codes(r)).toEqual([X509_PROBLEMS.EXPIRED]);
    const atSigning = await run(leaf, [caCert], { anchors, time: new Date('2024-06-01T00:00:00Z') });
    expect(atSigning.status).toBe('valid');
    const strict = await run(leaf, [caCert], {
      anchors,
      time: new Date('2024-06-01T00:00:00Z'),
      policy: { checkAnchorValidity: true },
    });
    expect(codes(strict)).toEqual([X509_PROBLEMS.ANCHOR_EXPIRED]);
  });

  it('a constraint failure outranks an expiry in the sub-indication', async () => {
    const noSign = await cert({ subject: ca, issuer: root, ca: true, keyUsage: KU.cRLSign });
    const leaf = await cert({ subject: ee, issuer: ca, notAfter: new Date('2025-01-01T00:00:00Z') });
    const r = await run(leaf, [noSign]);
    expect(codes(r).sort()).toEqual(
      [X509_PROBLEMS.EXPIRED, X509_PROBLEMS.KEYUSAGE_MISSING_KEYCERTSIGN].sort(),
    );
    expect(r.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
  });
});

describe('purpose: key usage and EKU of the target', () => {
  const leafWith = (spec: { keyUsage?: number; eku?: string[]; ekuCritical?: boolean }) =>
    cert({ subject: ee, issuer: ca, ...spec });

  it('signing needs digitalSignature or nonRepudiation', async () => {
    expect((await run(await leafWith({ keyUsage: KU.nonRepudiation }), [caCert])).status).toBe('valid');
    expect((await run(await leafWith({ keyUsage: KU.digitalSignature }), [caCert])).status).toBe('valid');
    const r = await run(await leafWith({ keyUsage: KU.keyEncipherment }), [caCert]);
    expect(codes(r)).toEqual([X509_PROBLEMS.KEYUSAGE_MISSING_DIGITALSIGNATURE]);
  });

  it('signing accepts document-signing EKUs; tolerates a non-critical other EKU with a warning', async () => {
    for (const eku of [
      EKU.emailProtection,
      EKU.anyExtendedKeyUsage,
      EKU.documentSigning,
      EKU.msDocumentSigning,
      EKU.adobeAuthenticDocuments,
    ]) {
      const r = await run(await leafWith({ eku: [EKU.clientAuth, eku] }), [caCert]);
      expect(r.status, eku).toBe('valid');
      expect(r.problems).toEqual([]);
    }
    const tolerant = await run(await leafWith({ eku: [EKU.serverAuth] }), [caCert]);
    expect(tolerant.status).toBe('valid');
    expect(tolerant.problems.map((p) => [p.code, p.severity])).toEqual([
      [X509_PROBLEMS.EKU_UNUSUAL_FOR_SIGNING, 'warning'],
    ]);
    const strict = await run(await leafWith({ eku: [EKU.serverAuth] }), [caCert], {
      policy: { strictSigningEku: true },
    });
    expect(codes(strict)).toEqual([X509_PROBLEMS.EKU_MISMATCH]);
    const critical = await run(await leafWith({ eku: [EKU.serverAuth], ekuCritical: true }), [caCert]);
    expect(codes(critical)).toEqual([X509_PROBLEMS.EKU_MISMATCH]);
  });

  it('timestamping needs exactly one critical timeStamping EKU', async () => {
    const ts = { purpose: 'timestamping' as const };
    expect(
      (await run(await leafWith({ eku: [EKU.timeStamping], ekuCritical: true }), [caCert], ts)).status,
    ).toBe('valid');
    for (const bad of [
      { eku: [EKU.timeStamping], ekuCritical: false },
      { eku: [EKU.timeStamping, EKU.emailProtection], ekuCritical: true },
      { eku: [EKU.emailProtection], ekuCritical: true },
      {},
    ]) {
      const r = await run(await leafWith(bad), [caCert], ts);
      expect(codes(r), JSON.stringify(bad)).toEqual([X509_PROBLEMS.EKU_MISMATCH]);
    }
  });

  it('ocsp-signing needs OCSPSigning; crl-signing needs cRLSign', async () => {
    expect(
      (await run(await leafWith({ eku: [EKU.ocspSigning] }), [caCert], { purpose: 'ocsp-signing' })).status,
    ).toBe('valid');
    expect(
      codes(await run(await leafWith({ eku: [EKU.clientAuth] }), [caCert], { purpose: 'ocsp-signing' })),
    ).toEqual([X509_PROBLEMS.EKU_MISMATCH]);
    expect((await run(caCert, [], { purpose: 'crl-signing' })).status).toBe('valid');
    expect(codes(await run(await leafWith({}), [caCert], { purpose: 'crl-signing' }))).toEqual([
      X509_PROBLEMS.KEYUSAGE_MISSING_CRLSIGN,
    ]);
  });
});

describe('name constraints', () => {
  let constrained: Certificate;
  beforeAll(async () => {
    constrained = await cert({
      subject: ca,
      issuer: root,
      ca: true,
      extensions: [
        nameConstraintsExt(
          [
            { dns: 'example.com' },
            { dn: 'C=US, O=Good' },
            { email: '.example.com' },
            { ip: [10, 0, 0, 0, 255, 0, 0, 0] },
            { uri: '.example.com' },
          ],
          [{ dns: 'secret.example.com' }, { dn: 'C=US, O=Good, OU=Banned' }],
        ),
      ],
    });
  });
  const leaf = (name: string, san?: Parameters<typeof sanExt>[0]) =>
    party(name).then((p) => cert({ subject: p, issuer: ca, extensions: san ? [sanExt(san)] : [] }));

  it('accepts names inside the permitted subtrees', async () => {
    const l = await leaf('C=US, O=Good, CN=Alice', [
      { dns: 'www.example.com' },
      { email: 'alice@mail.example.com' },
      { ip: [10, 1, 2, 3] },
      { uri: 'https://host.example.com/x' },
    ]);
    const r = await run(l, [constrained]);
    expect(r.status, r.stoppedBecause).toBe('valid');
  });

  it.each([
    ['a DN outside the permitted subtree', 'C=US, O=Evil, CN=Mallory', undefined, 'directoryName'],
    ['a DN in the excluded subtree', 'C=US, O=Good, OU=Banned, CN=Bob', undefined, 'excluded'],
    [
      'a dNSName outside the permitted subtree',
      'C=US, O=Good, CN=Alice',
      [{ dns: 'example.org' }],
      'dNSName:example.org',
    ],
    [
      'a dNSName that only ends with the permitted label text',
      'C=US, O=Good, CN=Alice',
      [{ dns: 'badexample.com' }],
      'dNSName:badexample.com',
    ],
    [
      'a dNSName in the excluded subtree',
      'C=US, O=Good, CN=Alice',
      [{ dns: 'a.secret.example.com' }],
      'dNSName:a.secret.example.com, which is in an excluded',
    ],
    [
      'an rfc822Name at the permitted domain itself (".example.com" means below it)',
      'C=US, O=Good, CN=Alice',
      [{ email: 'alice@example.com' }],
      'rfc822Name:alice@example.com',
    ],
    [
      'an iPAddress outside the permitted range',
      'C=US, O=Good, CN=Alice',
      [{ ip: [11, 0, 0, 1] }],
      'iPAddress:11.0.0.1',
    ],
    [
      'a URI host outside the permitted domain',
      'C=US, O=Good, CN=Alice',
      [{ uri: 'https://example.net/' }],
      'uniformResourceIdentifier:https://example.net/',
    ],
    [
      'an emailAddress in the subject DN outside the permitted domain',
      'C=US, O=Good, CN=Alice, E=alice@evil.org',
      undefined,
      'rfc822Name:alice@evil.org',
    ],
  ] as const)('rejects %s', async (_what, dn, san, mentions) => {
    const l = await leaf(dn, san ? [...san] : undefined);
    const r = await run(l, [constrained]);
    expect(r.status).toBe('invalid');
    expect(r.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
    expect(codes(r)).toContain(X509_PROBLEMS.NAME_CONSTRAINTS_VIOLATION);
    const v = r.problems.filter((p) => p.code === X509_PROBLEMS.NAME_CONSTRAINTS_VIOLATION);
    expect(v).toHaveLength(1);
    expect(v[0]!.at).toBe(l.sha256);
    expect(v[0]!.message).toContain(mentions);
  });

  it('applies the constraints to intermediates below the constraining CA, and intersects nested permitted sets', async () => {
    const subOut = await party('C=US, O=Other, CN=Sub');
    const subCert = await cert({ subject: subOut, issuer: ca, ca: true });
    const r = await run(await cert({ subject: ee, issuer: subOut }), [constrained, subCert]);
    expect(r.problems.find((p) => p.code === X509_PROBLEMS.NAME_CONSTRAINTS_VIOLATION)?.at).toBe(
      subCert.sha256,
    );

    const subIn = await party('C=US, O=Good, CN=Sub');
    const narrower = await cert({
      subject: subIn,
      issuer: ca,
      ca: true,
      extensions: [nameConstraintsExt([{ dns: 'www.example.com' }], undefined)],
    });
    const inBoth = await cert({
      subject: ee,
      issuer: subIn,
      extensions: [sanExt([{ dns: 'www.example.com' }])],
    });
    expect((await run(inBoth, [constrained, narrower])).status).toBe('valid');
    const onlyOuter = await cert({
      subject: ee,
      issuer: subIn,
      extensions: [sanExt([{ dns: 'mail.example.com' }])],
    });
    expect(codes(await run(onlyOuter, [constrained, narrower]))).toContain(
      X509_PROBLEMS.NAME_CONSTRAINTS_VIOLATION,
    );
  });

  it('initial permitted subtrees from the caller apply to the whole path', async () => {
    const l = await cert({ subject: ee, issuer: ca, extensions: [sanExt([{ dns: 'www.example.com' }])] });
    const policy = { initialPermittedSubtrees: [{ type: 'dNSName' as const, value: 'example.org' }] };
    expect(codes(await run(l, [caCert], { policy }))).toContain(X509_PROBLEMS.NAME_CONSTRAINTS_VIOLATION);
  });
});

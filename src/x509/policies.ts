/**
 * Certificate policy processing: the valid_policy_tree of RFC 5280 §6.1.2 (a), §6.1.3 (d)–(f),
 * §6.1.4 (a)–(b), (h)–(j) and §6.1.5 (a)–(b), (g). Hand-written: no JS library implements it.
 */
import { ANY_POLICY, type PolicyInformation, type PolicyMapping } from './extensions.js';

export interface PolicyNode {
  validPolicy: string;
  qualifiers: Uint8Array[];
  expected: Set<string>;
  depth: number;
  parent: PolicyNode | null;
  children: PolicyNode[];
}

export interface PolicyState {
  /** null = the tree is NULL. */
  root: PolicyNode | null;
  explicitPolicy: number;
  policyMapping: number;
  inhibitAnyPolicy: number;
}

export interface PolicyInputs {
  initialPolicySet?: readonly string[];
  initialExplicitPolicy?: boolean;
  initialPolicyMappingInhibit?: boolean;
  initialAnyPolicyInhibit?: boolean;
}

export function initialPolicyState(n: number, p: PolicyInputs = {}): PolicyState {
  return {
    root: {
      validPolicy: ANY_POLICY,
      qualifiers: [],
      expected: new Set([ANY_POLICY]),
      depth: 0,
      parent: null,
      children: [],
    },
    explicitPolicy: p.initialExplicitPolicy ? 0 : n + 1,
    inhibitAnyPolicy: p.initialAnyPolicyInhibit ? 0 : n + 1,
    policyMapping: p.initialPolicyMappingInhibit ? 0 : n + 1,
  };
}

export function nodesAtDepth(root: PolicyNode | null, depth: number): PolicyNode[] {
  if (!root) return [];
  const out: PolicyNode[] = [];
  const walk = (n: PolicyNode): void => {
    if (n.depth === depth) out.push(n);
    else if (n.depth < depth) n.children.forEach(walk);
  };
  walk(root);
  return out;
}

function addChild(
  parent: PolicyNode,
  validPolicy: string,
  qualifiers: Uint8Array[],
  expected: Iterable<string>,
): PolicyNode {
  const node: PolicyNode = {
    validPolicy,
    qualifiers,
    expected: new Set(expected),
    depth: parent.depth + 1,
    parent,
    children: [],
  };
  parent.children.push(node);
  return node;
}

/** Removes a node (and its subtree); returns false when that removed the root. */
function removeNode(node: PolicyNode): boolean {
  if (!node.parent) return false;
  const siblings = node.parent.children;
  siblings.splice(siblings.indexOf(node), 1);
  return true;
}

/** Deletes childless nodes above `depth`, bottom-up; returns the (possibly NULL) root. */
function prune(root: PolicyNode | null, depth: number): PolicyNode | null {
  if (!root) return null;
  for (let d = depth - 1; d >= 0; d--) {
    for (const n of nodesAtDepth(root, d)) {
      if (n.children.length === 0 && !removeNode(n)) return null;
    }
  }
  return root;
}

/** §6.1.3 (d)–(e) for certificate i of n. */
export function processCertificatePolicies(
  state: PolicyState,
  i: number,
  n: number,
  selfIssued: boolean,
  policies: readonly PolicyInformation[] | undefined,
): PolicyState {
  if (!state.root) return state;
  if (!policies) return { ...state, root: null };
  const parents = nodesAtDepth(state.root, i - 1);
  for (const p of policies) {
    if (p.oid === ANY_POLICY) continue;
    const matching = parents.filter((node) => node.expected.has(p.oid));
    if (matching.length > 0) for (const node of matching) addChild(node, p.oid, p.qualifiers, [p.oid]);
    else
      for (const node of parents.filter((x) => x.validPolicy === ANY_POLICY))
        addChild(node, p.oid, p.qualifiers, [p.oid]);
  }
  const anyPol = policies.find((p) => p.oid === ANY_POLICY);
  if (anyPol && (state.inhibitAnyPolicy > 0 || (i < n && selfIssued))) {
    for (const node of parents) {
      const have = new Set(node.children.map((c) => c.validPolicy));
      for (const ex of node.expected) if (!have.has(ex)) addChild(node, ex, anyPol.qualifiers, [ex]);
    }
  }
  return { ...state, root: prune(state.root, i) };
}

/** §6.1.4 (a)–(b); caller checked (a) with `mappingsMentionAnyPolicy`. */
export function processPolicyMappings(
  state: PolicyState,
  i: number,
  mappings: readonly PolicyMapping[] | undefined,
): PolicyState {
  if (!mappings || !state.root) return state;
  const byIssuer = new Map<string, string[]>();
  for (const m of mappings) {
    const list = byIssuer.get(m.issuerDomainPolicy) ?? [];
    if (!list.includes(m.subjectDomainPolicy)) list.push(m.subjectDomainPolicy);
    byIssuer.set(m.issuerDomainPolicy, list);
  }
  let root: PolicyNode | null = state.root;
  for (const [idp, sdps] of byIssuer) {
    const level = nodesAtDepth(root, i);
    const exact = level.filter((node) => node.validPolicy === idp);
    if (state.policyMapping > 0) {
      if (exact.length > 0) for (const node of exact) node.expected = new Set(sdps);
      else {
        const anyNode = level.find((node) => node.validPolicy === ANY_POLICY);
        if (anyNode?.parent) addChild(anyNode.parent, idp, anyNode.qualifiers, sdps);
      }
    } else {
      for (const node of exact) if (!removeNode(node)) root = null;
      root = prune(root, i);
      if (!root) break;
    }
  }
  return { ...state, root };
}

export function mappingsMentionAnyPolicy(mappings: readonly PolicyMapping[]): boolean {
  return mappings.some((m) => m.issuerDomainPolicy === ANY_POLICY || m.subjectDomainPolicy === ANY_POLICY);
}

/** §6.1.4 (h)–(j). */
export function updatePolicyCounters(
  state: PolicyState,
  selfIssued: boolean,
  constraints: { requireExplicitPolicy?: number; inhibitPolicyMapping?: number } | undefined,
  inhibitAnyPolicy: number | undefined,
): PolicyState {
  const s = { ...state };
  if (!selfIssued) {
    if (s.explicitPolicy > 0) s.explicitPolicy--;
    if (s.policyMapping > 0) s.policyMapping--;
    if (s.inhibitAnyPolicy > 0) s.inhibitAnyPolicy--;
  }
  if (constraints?.requireExplicitPolicy !== undefined)
    s.explicitPolicy = Math.min(s.explicitPolicy, constraints.requireExplicitPolicy);
  if (constraints?.inhibitPolicyMapping !== undefined)
    s.policyMapping = Math.min(s.policyMapping, constraints.inhibitPolicyMapping);
  if (inhibitAnyPolicy !== undefined) s.inhibitAnyPolicy = Math.min(s.inhibitAnyPolicy, inhibitAnyPolicy);
  return s;
}

/** §6.1.5 (a)–(b) and (g). Returns the final state and the user-constrained policy set. */
export function wrapUpPolicies(
  state: PolicyState,
  n: number,
  lastRequireExplicitPolicy: number | undefined,
  initialPolicySet: readonly string[] | undefined,
): { state: PolicyState; policies: string[] } {
  let explicitPolicy = state.explicitPolicy;
  if (explicitPolicy > 0) explicitPolicy--;
  if (lastRequireExplicitPolicy === 0) explicitPolicy = 0;
  let root = state.root;
  const initial = initialPolicySet && initialPolicySet.length > 0 ? initialPolicySet : [ANY_POLICY];
  if (root && !initial.includes(ANY_POLICY)) {
    // (g)(ii): nodes whose parent is anyPolicy are where authority-constrained policies start.
    const validSet: PolicyNode[] = [];
    const walk = (node: PolicyNode): void => {
      for (const c of node.children) {
        if (node.validPolicy === ANY_POLICY) validSet.push(c);
        if (c.validPolicy === ANY_POLICY) walk(c);
      }
    };
    walk(root);
    for (const node of validSet)
      if (node.validPolicy !== ANY_POLICY && !initial.includes(node.validPolicy)) removeNode(node);
    const anyLeaf = nodesAtDepth(root, n).find((node) => node.validPolicy === ANY_POLICY);
    if (anyLeaf?.parent) {
      const present = new Set(validSet.map((x) => x.validPolicy));
      for (const p of initial) if (!present.has(p)) addChild(anyLeaf.parent, p, anyLeaf.qualifiers, [p]);
      removeNode(anyLeaf);
    }
    root = prune(root, n);
  }
  const leaves = nodesAtDepth(root, n).map((x) => x.validPolicy);
  const policies = [...new Set(leaves)];
  return { state: { ...state, explicitPolicy, root }, policies };
}

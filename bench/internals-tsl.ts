/**
 * The trusted-list loader as its own bench entry: verify() imports the ETSI code on demand, so the
 * worker times this import together with the first load (what a process pays on its first list).
 */
export { loadTrustedList } from '../src/trust/etsi/signature.js';

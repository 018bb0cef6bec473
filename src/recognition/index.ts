export { describeProfile, describeProfiles, type ProfileSummary, type TierSummary } from './describe.js';
export {
  evaluateProfile,
  isForeignAnchor,
  type ProfileEvaluation,
  type RecognitionContext,
  recognize,
  recognizeAll,
  type TierEvaluation,
} from './engine.js';
export { emptyFacts, RecognitionFacts, SignerFacts } from './facts.js';

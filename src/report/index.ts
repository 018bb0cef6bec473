/** The report renderers as their own entry point (`crossign/report`), so an app can render without verifying. */
export {
  type AnswerParts,
  answerParts,
  answerSentence,
  fileAnswer,
  recognitionPhrase,
  signerName,
} from './answer.js';
export { escapeHtml, type HtmlOptions, renderHtml } from './html.js';
export { ECONOMY_NAMES, economyName, humanTime, LEVEL_LABEL } from './labels.js';
export { oneLine, renderText, type TextOptions } from './text.js';

export {
  type ClassifierRules,
  ClassifierRulesSchema,
  formatRulesErrors,
  type Phrase,
  type RulesError,
  type RulesValidation,
  validateRules,
} from '../schemas/rules';
export { foldCase, type Tokens, tokenize, tokenizePhrase } from '../schemas/tokenize';
export { type Classification, type CompiledRules, classify, compileRules } from './classifier';
export { DEFAULT_RULES } from './default-rules';
export {
  type Evaluation,
  evaluate,
  formatConfusion,
  formatEvaluation,
  type LabelledMention,
} from './evaluate';
export { classifyJsonLine } from './jsonl';

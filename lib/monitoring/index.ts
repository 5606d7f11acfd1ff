export {
  type CompiledTerms,
  compileTerms,
  isMention,
  type MatchInput,
  type MatchResult,
  matchTerms,
} from './match';
export { languageOf, triage } from './triage';

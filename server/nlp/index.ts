/** Public API of the offline AI layer (pure: takes and returns data; no db, no HTTP). */
export { analyzeMessage, type MessageAnalysis, type AnalyzeOptions } from './analyze.ts';
export {
  loadModels,
  loadModelsSync,
  type Models,
  MODEL_FILES,
  DEFAULT_MODELS_DIR,
} from './models.ts';
export { createAnalyzerPool, type AnalyzerPool, type AnalyzerPoolOptions } from './worker-pool.ts';
export {
  emotionTrajectory,
  type Trajectory,
  type TrajectoryResult,
  type AffectPoint,
} from './emotion/trajectory.ts';
export {
  predictEmotion,
  EMOTION_LABELS,
  type EmotionLabel,
  type EmotionResult,
} from './emotion/emotion.ts';
export { predictSentiment, type SentimentResult } from './sentiment/sentiment.ts';
export {
  trainIntent,
  type IntentModel,
  type IntentPrediction,
  type IntentTrainOptions,
} from './intent/intent.ts';
export { detectHumanRequest, type HumanRequest } from './human/human-request.ts';
export { findPii, redact, type PiiSpan, type PiiType } from './pii/pii.ts';
export { buildIndex, type KbEntry, type KbIndex, type Candidate } from './retrieval/index.ts';
export {
  search,
  searchHybrid,
  attachEmbeddings,
  type Embed,
  type SearchOptions,
} from './retrieval/search.ts';
export {
  decide,
  DEFAULT_BOT_SETTINGS,
  type BotDecision,
  type BotSettings,
  type BotTurn,
  type DecideInput,
} from './bot/policy.ts';
export { detectLanguage, type Language } from './text/language.ts';
export { normalizeText } from './text/normalize.ts';
export { tokenize } from './text/tokenize.ts';
export { loadModel, saveModel } from './linear/artifact.ts';
export { parseCsv, parseLabelledCsv, toCsv } from './data/csv.ts';

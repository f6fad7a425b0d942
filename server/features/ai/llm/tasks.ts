/**
 * What the product asks of the LLM: grounded bot answers, abstractive summaries, reply suggestions,
 * tone rewrite and translation. Each returns null (or throws LlmError for the agent tools) on
 * failure so callers fall back to the offline path.
 */
import type { LlmHandle } from './service.ts';
import {
  groundedAnswerPrompt,
  type Grounded,
  type Lang,
  parseGroundedAnswer,
  parseLines,
  type Passage,
  restorePii,
  rewritePrompt,
  suggestionsPrompt,
  summaryPrompt,
  type Tone,
  type TranscriptLine,
  translatePrompt,
} from './prompts.ts';

/** A grounded answer from the retrieved passages, or null (refused, failed, nothing retrieved). */
export async function groundedAnswer(
  llm: LlmHandle,
  question: string,
  passages: Passage[],
  lang: Lang,
): Promise<Grounded | null> {
  if (!passages.length) return { kind: 'refused', why: 'no_answer' };
  try {
    const out = await llm.chat('grounded_answer', groundedAnswerPrompt(question, passages, lang), {
      maxTokens: 400,
    });
    return parseGroundedAnswer(out.text, passages);
  } catch {
    return null;
  }
}

export async function abstractiveSummary(
  llm: LlmHandle,
  lines: TranscriptLine[],
  lang: Lang,
): Promise<string | null> {
  if (!lines.length) return null;
  try {
    const text = (
      await llm.chat('summary', summaryPrompt(lines, lang), { maxTokens: 300 })
    ).text.trim();
    return text || null;
  } catch {
    return null;
  }
}

export async function replySuggestions(
  llm: LlmHandle,
  lines: TranscriptLine[],
  emotion: string | null,
  lang: Lang,
  passages: Passage[],
): Promise<string[]> {
  try {
    return parseLines(
      (
        await llm.chat('suggestions', suggestionsPrompt(lines, emotion, lang, passages), {
          maxTokens: 400,
        })
      ).text,
      2,
    );
  } catch {
    return [];
  }
}

export async function rewrite(llm: LlmHandle, text: string, tone: Tone): Promise<string> {
  return restorePii(
    text,
    (await llm.chat('rewrite', rewritePrompt(text, tone), { maxTokens: 800 })).text.trim(),
  );
}

export async function translate(llm: LlmHandle, text: string, to: Lang): Promise<string> {
  return restorePii(
    text,
    (await llm.chat('translate', translatePrompt(text, to), { maxTokens: 800 })).text.trim(),
  );
}

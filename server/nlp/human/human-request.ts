export interface HumanRequest {
  detected: boolean;
  phrase?: string;
}

const ZH_PATTERNS: RegExp[] = [
  /(?:转|轉|接|找|要|呼叫|联系|聯繫|换|請|请)\s*(?:个|一个|一下)?\s*(?:人工|真人|活人)(?:客服|服务|服務)?/,
  /人工(?:客服|服务|服務|坐席|座席|台)/,
  /(?:真人|活人)(?:客服|回复|回答|聊)/,
  /(?:找|叫|让|讓)\s*(?:你们|你們|你)?\s*(?:的)?\s*(?:经理|經理|主管|领导|領導|负责人|負責人|上级|上級)/,
  /(?:不要|不想|别|别再)(?:跟)?(?:机器人|機器人)/,
  /^\s*(?:人工|转人工|人工客服)\s*[!！。.?？]*\s*$/,
];

const EN_PATTERNS: RegExp[] = [
  /\b(?:talk|speak|chat|connect|transfer|put)\b[\w\s']{0,20}?\b(?:to|with|me)\b[\w\s']{0,12}?\b(?:a |an |the |your |some )?(?:real |live |actual )?(?:person|human|agent|representative|rep|someone|somebody|operator|manager|supervisor|people)\b/i,
  /\b(?:agent|human|representative|operator)\s*,?\s*please\b/i,
  /\b(?:real|live|actual) (?:human|person|agent|people)\b/i,
  /\bhuman (?:agent|being|support)\b/i,
  /\b(?:get|give) me (?:a |an )?(?:human|agent|person|representative|manager|supervisor)\b/i,
  /^\s*(?:agent|human|representative|operator)\s*[!.?]*\s*$/i,
  /\bnot (?:a |another )?(?:bot|robot|machine)\b/i,
];

const ZH_NEGATION = /(?:不用|不要|不需要|无需|無需|别|別|不必|没必要|沒必要|不想|用不着|先不)\s*$/;
const EN_NEGATION =
  /\b(?:don'?t|do not|doesn'?t|no need|not|never|without|no)\b(?:\s+\w+){0,3}\s*$/i;

function negated(text: string, start: number, zh: boolean): boolean {
  const before = text.slice(Math.max(0, start - (zh ? 4 : 30)), start);
  if (zh) {
    const withVerb = before + text.slice(start, start + 1);
    return (
      ZH_NEGATION.test(before) ||
      ZH_NEGATION.test(withVerb) ||
      /(?:不用|不要|不需要|无需|别|不必)(?:帮我|給我|给我)\s*$/.test(before)
    );
  }
  return EN_NEGATION.test(before);
}

function firstMatch(text: string, patterns: RegExp[], zh: boolean): string | undefined {
  for (const re of patterns) {
    const m = re.exec(text);
    if (
      m &&
      !negated(text, m.index, zh) &&
      !/人工智能/.test(m[0] + text.slice(m.index + m[0].length, m.index + m[0].length + 2))
    ) {
      return m[0].trim();
    }
  }
  return undefined;
}

/** Rule/lexicon detector for explicit requests for a human agent (zh + en), negation-aware. */
export function detectHumanRequest(text: string): HumanRequest {
  const clipped = text.length > 2000 ? text.slice(0, 2000) : text;
  const phrase = firstMatch(clipped, ZH_PATTERNS, true) ?? firstMatch(clipped, EN_PATTERNS, false);
  return phrase ? { detected: true, phrase } : { detected: false };
}

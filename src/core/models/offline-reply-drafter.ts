/**
 * A reply without a language model: the user's own most similar past reply, re-addressed. Its body is
 * kept word for word — the drafter adds no facts — the greeting is turned to the new sender, the
 * sign-off is the user's, and anything specific to the old conversation (days, times, numbers, links,
 * issue numbers, names) that the new message does not mention is listed for the user to check. When
 * nothing the user wrote is similar enough, it says so instead of drafting.
 */
import { clampConfidence, offlineNotice, type OfflineDraft, type ProvenanceItem } from './offline-draft';

export interface ReplyExemplar {
  /** A reply the user wrote. */
  text: string;
  /** How similar its situation is to the incoming message (0..1, e.g. cosine from recall). */
  similarity: number;
  id?: string;
  /** Whom it was written to, when known. */
  recipient?: string;
  timestamp?: number;
}

export interface ReplyDraftInput {
  /** The message to answer. */
  incoming: string;
  /** The sender's name, when the caller knows it; otherwise it is read from the message's signature, if any. */
  from?: string;
  exemplars: ReplyExemplar[];
  /** Below this similarity no exemplar is used (default 0.6, on the scale of the caller's similarities). */
  minSimilarity?: number;
}

export interface ReplyDraft extends OfflineDraft {
  status: 'drafted' | 'no-match';
  /** The exemplar the body came from. */
  exemplarId?: string;
  /** Specifics copied from the old reply that the new message does not mention: confirm them before sending. */
  checks: string[];
}

interface Greeting {
  word: string;
  name?: string;
  punctuation: string;
  /** What followed it: a space (inline) or line breaks. */
  separator: string;
}

interface ReplyParts {
  greeting?: Greeting;
  body: string;
  signOff?: { text: string; separator: string; name?: string };
}

export const DEFAULT_MIN_REPLY_SIMILARITY = 0.6;

const GREETING_WORD = /^(hi|hey|hello|heya|hiya|howdy|dear|morning|good morning|good afternoon|good evening|yo)\b/i;
// Not case-insensitive: with the `u` flag, `i` would let \p{Lu} match lowercase letters too.
const GREETING_REST = /^(?:[ \t]+(@?\p{L}[\p{L}\p{N}._'-]*(?:[ \t]+\p{Lu}[\p{L}'-]*)?))?([ \t]*[,!.:;—–-]+|(?=[ \t]*\n))([ \t]*\n\s*|[ \t]+|$)/u;
const GROUP_NAMES = /^(all|everyone|everybody|team|folks|there|both|you|guys|y'all)$/i;
const SIGN_OFF_WORDS = [
  'thanks', 'thank you', 'many thanks', 'thx', 'ty', 'cheers', 'best', 'best wishes', 'best regards', 'kind regards', 'warm regards',
  'regards', 'all the best', 'talk soon', 'speak soon', 'ta', 'sincerely', 'yours', 'warmly', 'see you', 'later',
];
const SIGN_OFF_SUFFIXES = ['', ' a lot', ' so much', ' again', ' all', ' everyone', ' in advance', ' team'];
const SIGN_OFF_PHRASES = new Set(SIGN_OFF_WORDS.flatMap((word) => SIGN_OFF_SUFFIXES.map((suffix) => word + suffix)));
const SIGN_OFF_LINE = /^([\p{L} ]+?)[ \t]*[,!.]*[ \t]*(?:(?:[—–-]{1,2}[ \t]*)?(\p{Lu}[\p{L}'.-]*))?[ \t]*[!.]*$/u;
const NAME_LINE = /^(?:[—–-]{1,2}\s*)?(\p{Lu}[\p{L}'.-]*(?:\s+\p{Lu}[\p{L}'.-]*)?|\p{Lu}{1,3})$/u;
const DASH_SIGNATURE = /^[—–]\s*\S.{0,30}$|^--?\s*\p{Lu}[\p{L}'.-]*(\s+\p{Lu}[\p{L}'.-]*)?$/u;

const SPECIFICS: RegExp[] = [
  /\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b/g,
  /\b(?:today|tonight|tomorrow|yesterday|next week|this week|next month|this month|EOD|end of (?:the )?day)\b/gi,
  /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g,
  /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b/g,
  /\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\b\d{1,2}:\d{2}\b/gi,
  /https?:\/\/[^\s)>\]]+/g,
  /(?<![\w/])#\d+\b|\b[A-Z][A-Z0-9]+-\d+\b/g,
  /(?<![\w.])@[\w.-]*\w/g,
  /\bv?\d+\.\d+(?:\.\d+)?\b/g,
  /[$€£]\s?\d+(?:[.,]\d+)*[kKmM]?\b|\b\d+(?:[.,]\d+)*\s?(?:%|k\b|ms\b|GB\b|MB\b|hours?\b|days?\b|weeks?\b|minutes?\b|mins?\b)/gi,
];

export function draftReplyFromExemplars(input: ReplyDraftInput): ReplyDraft {
  const minSimilarity = input.minSimilarity ?? DEFAULT_MIN_REPLY_SIMILARITY;
  const usable = input.exemplars.filter((exemplar) => exemplar.text.trim());
  const ranked = [...usable].sort((a, b) => b.similarity - a.similarity || (b.timestamp ?? 0) - (a.timestamp ?? 0));
  const best = ranked[0];

  if (!best || best.similarity < minSimilarity) {
    const why = best
      ? `nothing you wrote before is similar enough to this message (closest ${best.similarity.toFixed(2)}, needs ${minSimilarity.toFixed(2)}), so there is no draft: write this one yourself`
      : 'Twin has none of your past replies to draw on yet, so there is no draft: write this one yourself';
    return {
      text: '',
      status: 'no-match',
      checks: [],
      provenance: best ? [{ kind: 'exemplar', detail: `closest past reply (too far to reuse)`, id: best.id, similarity: best.similarity }] : [],
      confidence: 0,
      drafter: 'offline',
      notice: offlineNotice(why),
    };
  }

  const provenance: ProvenanceItem[] = [
    { kind: 'exemplar', detail: `body from your own past reply${dateOf(best)} (similarity ${best.similarity.toFixed(2)}), word for word`, id: best.id, similarity: best.similarity },
  ];
  const parts = splitReply(best.text);
  const others = ranked.map((exemplar) => splitReply(exemplar.text));
  const sender = input.from?.trim() || splitReply(input.incoming).signOff?.name;

  // The user's habits across their replies fill in what the best one lacks.
  const greeting = parts.greeting ?? habitual(others.map((other) => other.greeting), (g) => `${g.word}|${g.punctuation}`);
  const signOff = parts.signOff ?? habitual(others.map((other) => other.signOff), (s) => s.text);
  if (!parts.greeting && greeting) provenance.push({ kind: 'style', detail: `greeting "${greeting.word}…" as in most of your replies` });
  if (!parts.signOff && signOff) provenance.push({ kind: 'style', detail: `sign-off as in most of your replies` });
  if (parts.signOff) provenance.push({ kind: 'exemplar', detail: 'sign-off kept from the same reply', id: best.id });

  let text = '';
  if (greeting) {
    const personal = greeting.name !== undefined && !GROUP_NAMES.test(greeting.name);
    const name = personal ? sender : greeting.name;
    if (personal) {
      provenance.push({
        kind: 'rule',
        detail: sender ? `greeting addressed to ${sender}${input.from ? '' : ' (from the message’s signature)'} instead of ${greeting.name}` : `dropped the name ${greeting.name} from the greeting: the sender is unknown`,
      });
    }
    text += `${greeting.word}${name ? ` ${name}` : ''}${greeting.punctuation.trim() || (greeting.separator.includes('\n') ? ',' : '')}${greeting.separator || ' '}`;
  }
  text += parts.body;
  if (signOff) text += `${signOff.separator || '\n\n'}${signOff.text}`;

  const checks = specificsToCheck(parts.body, input.incoming, best.recipient, sender);
  if (checks.length) provenance.push({ kind: 'rule', detail: `from the old conversation, not this one — check before sending: ${checks.join(', ')}` });
  for (const runnerUp of ranked.slice(1, 3)) {
    provenance.push({ kind: 'exemplar', detail: 'also similar, not used', id: runnerUp.id, similarity: runnerUp.similarity });
  }

  return {
    text,
    status: 'drafted',
    ...(best.id ? { exemplarId: best.id } : {}),
    checks,
    provenance,
    confidence: clampConfidence(best.similarity * 0.9 - 0.05 * Math.min(checks.length, 6)),
    drafter: 'offline',
    notice: offlineNotice(
      `reused your own past reply${checks.length ? ` — check ${checks.join(', ')}` : ''}; it was written for another message, so make sure it answers this one`,
    ),
  };
}

/** Greeting, body and sign-off of a reply, each as the writer wrote it. */
export function splitReply(raw: string): ReplyParts {
  let text = raw.replace(/\r\n/g, '\n').trim();
  let greeting: Greeting | undefined;
  const word = GREETING_WORD.exec(text);
  // An inline greeting needs punctuation ("Hi Sam, sure"): "Hey thanks for the PR" is a sentence, not a greeting.
  const rest = word ? GREETING_REST.exec(text.slice(word[0].length)) : null;
  if (word && rest) {
    greeting = { word: word[1], name: rest[1], punctuation: rest[2], separator: rest[3] };
    text = text.slice(word[0].length + rest[0].length);
  }

  let signOff: ReplyParts['signOff'];
  const lines = text.split('\n');
  const last = lines[lines.length - 1]?.trim() ?? '';
  const previous = lines.length > 1 ? lines[lines.length - 2].trim() : '';
  let signOffLines = 0;
  if (lines.length > 1 && NAME_LINE.test(last) && isSignOffLine(previous)) signOffLines = 2;
  else if (lines.length > 1 && (isSignOffLine(last) || DASH_SIGNATURE.test(last))) signOffLines = 1;
  if (signOffLines) {
    const kept = lines.slice(0, lines.length - signOffLines);
    const signOffText = lines.slice(lines.length - signOffLines).join('\n').trim();
    const body = kept.join('\n');
    const trimmedBody = body.replace(/\s+$/, '');
    signOff = { text: signOffText, separator: body.slice(trimmedBody.length) + '\n', name: signatureName(signOffText) };
    text = trimmedBody;
  }
  return { ...(greeting ? { greeting } : {}), body: text.trim(), ...(signOff ? { signOff } : {}) };
}

function isSignOffLine(line: string): boolean {
  const match = SIGN_OFF_LINE.exec(line);
  return match !== null && SIGN_OFF_PHRASES.has(match[1].trim().toLowerCase());
}

/** "Thanks,\nPriya" → Priya; "— Priya" → Priya; "Cheers, Priya" → Priya. */
function signatureName(signOff: string): string | undefined {
  const lines = signOff.split('\n').map((line) => line.trim());
  const last = lines[lines.length - 1];
  if (lines.length === 2) return NAME_LINE.exec(last)?.[1];
  const dashed = /^[—–-]{1,2}\s*(\p{Lu}[\p{L}'.-]*)/u.exec(last);
  if (dashed) return dashed[1];
  return SIGN_OFF_LINE.exec(last)?.[2];
}

/** The form most of the user's replies share, if most of them have one. */
function habitual<T>(items: Array<T | undefined>, key: (item: T) => string): T | undefined {
  const present = items.filter((item): item is T => item !== undefined);
  if (present.length * 2 <= items.length) return undefined;
  const counts = new Map<string, { item: T; count: number }>();
  for (const item of present) {
    const entry = counts.get(key(item)) ?? { item, count: 0 };
    entry.count++;
    counts.set(key(item), entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0].item;
}

function specificsToCheck(body: string, incoming: string, oldRecipient: string | undefined, sender: string | undefined): string[] {
  const found: string[] = [];
  const incomingLower = incoming.toLowerCase();
  for (const pattern of SPECIFICS) {
    for (const match of body.matchAll(pattern)) {
      const value = match[0].trim();
      if (!incomingLower.includes(value.toLowerCase()) && !found.includes(value)) found.push(value);
    }
  }
  if (oldRecipient && oldRecipient !== sender && new RegExp(`\\b${escapeRegExp(oldRecipient)}\\b`).test(body) && !found.includes(oldRecipient)) {
    found.push(oldRecipient);
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function dateOf(exemplar: ReplyExemplar): string {
  return exemplar.timestamp ? ` of ${new Date(exemplar.timestamp).toISOString().slice(0, 10)}` : '';
}

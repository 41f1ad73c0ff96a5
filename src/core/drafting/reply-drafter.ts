/**
 * `draftReply`: an answer to a Slack message or an email in the user's voice. Exemplars are the user's
 * own past messages in that channel (by their identities when known), nearest to the incoming message
 * first, shifted by 👍/👎 feedback. With a model, the prompt carries voice notes measured from those
 * exemplars, the exemplars themselves and relevant memories (for Slack, only Slack memories); without one, the offline drafter re-uses the
 * user's most similar past reply word for word and adds no facts.
 */
import { randomUUID } from 'node:crypto';
import { readConfigFile } from '../config/embedder-config';
import { ModelCancelledError, type ChatMessage, type ModelProvider } from '../models';
import { draftReplyFromExemplars, splitReply, type ReplyExemplar } from '../models/offline-drafter';
import type { RecallResult } from '../recall/rank-fusion';
import { cleanAnswer } from './commit-convention';
import { excerpt, roundScore, type Draft, type ExemplarProvenance, type MemoryProvenance } from './draft';
import { adjustedSimilarity, exemplarAdjustments, readFeedback, type ExemplarAdjustments } from './feedback';
import { recallSimilarity, type MemoryRecaller } from './memory-recaller';
import { addresseeName, applyVoice, describeVoice, readEmailVoice, voiceFor, type ResolvedVoice } from '../mail/email-voice';
import { readMailIndex } from '../mail/mail-index';
import { readSlackVoice, type SlackVoiceProfile } from '../slack/slack-voice-profile';
import { applySlackVoice, resolveSlackVoice, slackVoicePrompt, slackVoiceProvenance, type ResolvedSlackVoice, type SlackVoiceTarget } from '../slack/slack-voice-style';

export type ReplyChannel = 'slack' | 'email';

export interface DraftReplyOptions {
  /** The message to answer. */
  incoming: string;
  channel: ReplyChannel;
  /** Who the reply goes to (a name or handle): the greeting, and exemplars written to them count a little more. */
  audience?: string;
  twin: MemoryRecaller;
  provider?: ModelProvider;
  /** The user's authors in this channel (Slack handles, email addresses); default: from `home`'s config.json `identities`. */
  identities?: string[];
  /** TWIN_HOME, for identities and draft feedback. */
  home?: string;
  /** Slack: the person (user id or name) and conversation answered, for the voice learned with them; default person: `audience`. */
  slack?: SlackVoiceTarget;
  feedback?: ExemplarAdjustments;
  /** Below this similarity the offline drafter declines (default: the offline drafter's). */
  minSimilarity?: number;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  timeoutMs?: number;
}

const EXEMPLAR_POOL = 12;
const PROMPT_EXEMPLARS = 6;
const MEMORIES = 5;
/** How much an exemplar written to the same person counts beyond its similarity. */
const SAME_AUDIENCE_BONUS = 0.03;

interface Candidate {
  id: string;
  text: string;
  similarity: number;
  recipient?: string;
  timestamp: number;
}

export async function draftReply(options: DraftReplyOptions): Promise<Draft> {
  const incoming = options.incoming.trim();
  if (!incoming) throw new Error('The message to reply to is empty: give its text (a file, or - for stdin).');
  const identities = options.identities ?? (options.home ? identitiesFromConfig(options.home, options.channel) : []);
  // Email: the addresses mail sync found in Sent count as the user's too, and their learned voice with this correspondent.
  if (!options.identities && options.home && options.channel === 'email') identities.push(...readMailIndex(options.home).identities.filter((address) => !identities.includes(address)));
  const emailVoice = options.channel === 'email' && options.home ? voiceFor(readEmailVoice(options.home), options.audience) : undefined;
  // Slack: the voice learned with this person, else in this conversation, else overall.
  const slackProfile = options.channel === 'slack' && options.home ? readSlackVoiceOrNote(options.home) : undefined;
  const slackVoice = slackProfile?.profile ? resolveSlackVoice(slackProfile.profile, { person: options.slack?.person ?? options.audience, conversation: options.slack?.conversation }) : undefined;
  const adjustments = options.feedback ?? (options.home ? exemplarAdjustments(readFeedback(options.home), 'reply') : undefined);
  const candidates = await exemplarCandidates(options, identities, adjustments);
  // The learned email voice says how the user greets and signs off with this person; the generic guess would contradict it.
  const voice = voiceNotes(candidates.map((candidate) => candidate.text), options.channel)
    .filter((note) => !emailVoice || !/greeting|sign-off|signs off/.test(note))
    // The learned Slack voice counts far more messages than these few exemplars: its habits win.
    .filter((note) => !slackVoice || !/greeting|sign-off|signs off|lowercase|emoji/.test(note));
  // An email audience is "Name <address>": the greeting wants the name alone.
  const greetName = options.channel === 'email' && options.audience ? addresseeName(options.audience) : options.audience;
  const style = [
    `channel: ${options.channel}`,
    identities.length ? `your identities: ${identities.join(', ')}` : 'your identities: none configured (most similar messages from the channel used)',
    ...voice.map((note) => `voice: ${note}`),
    ...(emailVoice ? describeVoice(emailVoice).map((note) => `voice: ${note}`) : []),
    ...(slackVoice ? slackVoiceProvenance(slackVoice) : []),
    ...(slackProfile?.problem ? [slackProfile.problem] : []),
  ];

  const offline = (prefix = ''): Draft => {
    const draft = draftReplyFromExemplars({
      incoming,
      ...(greetName ? { from: greetName } : {}),
      exemplars: candidates.map((candidate): ReplyExemplar => ({ id: candidate.id, text: candidate.text, similarity: candidate.similarity, timestamp: candidate.timestamp, ...(candidate.recipient ? { recipient: candidate.recipient } : {}) })),
      ...(options.minSimilarity !== undefined ? { minSimilarity: options.minSimilarity } : {}),
    });
    const used = candidates.find((candidate) => candidate.id === draft.exemplarId);
    const checks = draft.checks.length ? [`check before sending: ${draft.checks.join(', ')}`] : [];
    const voiced = slackVoice && draft.text ? applySlackVoice(draft.text, slackVoice, { ...(greetName ? { name: greetName } : {}), ...habitualGreeting(candidates) }) : undefined;
    return {
      id: randomUUID(),
      text: emailVoice && draft.text ? applyVoice(draft.text, emailVoice) : voiced ? voiced.text : draft.text,
      channel: 'reply',
      drafter: 'offline',
      provenance: { style: [...style, ...(voiced?.changes ?? []).map((change) => `slack voice applied: ${change}`), ...checks], exemplars: used ? [toProvenance(used)] : [], memories: [] },
      confidence: draft.confidence,
      notice: prefix + draft.notice,
    };
  };
  if (!options.provider) return offline();

  const exemplarIds = new Set(candidates.map((candidate) => candidate.id));
  // A Slack reply may be posted where others read it, even automatically: its notes come from Slack alone,
  // never from the user's mail, screen or browsing. An email draft is always reviewed, and may use them all.
  const relatedFilter = options.channel === 'slack' ? { filter: { source: 'slack' } } : {};
  const related = (await options.twin.recall(incoming, { limit: MEMORIES + exemplarIds.size, ...relatedFilter })).filter((result) => !exemplarIds.has(result.memory.id)).slice(0, MEMORIES);
  const chosen = candidates.slice(0, PROMPT_EXEMPLARS);
  const messages = replyPrompt(options, incoming, voice, chosen, related, emailVoice, slackVoice);
  let answer: { text: string; model: string };
  try {
    const result = await options.provider.chat({ messages, task: 'reply', difficulty: 'simple', temperature: 0.4, maxTokens: 600 }, { signal: options.signal, onToken: options.onToken, timeoutMs: options.timeoutMs });
    answer = { text: cleanAnswer(result.text), model: result.model };
  } catch (error) {
    if (error instanceof ModelCancelledError) throw error;
    return offline(`The model failed (${(error as Error).message}), so this is the offline draft instead. `);
  }
  if (!answer.text) return offline('The model answered with nothing, so this is the offline draft instead. ');
  const best = chosen[0]?.similarity ?? 0;
  return {
    id: randomUUID(),
    text: answer.text,
    channel: 'reply',
    drafter: 'model',
    model: answer.model,
    provenance: {
      style,
      exemplars: chosen.map(toProvenance),
      memories: related.map((result): MemoryProvenance => ({ id: result.memory.id, excerpt: excerpt(result.memory.text), score: roundScore(result.score) })),
    },
    // A model writing with none of the user's messages to copy is guessing at their voice.
    confidence: Math.round(Math.min(0.9, 0.35 + 0.5 * best) * 100) / 100,
  };
}

async function exemplarCandidates(options: DraftReplyOptions, identities: string[], adjustments: ExemplarAdjustments | undefined): Promise<Candidate[]> {
  const filters = identities.length ? identities.map((author) => ({ source: options.channel, author })) : [{ source: options.channel }];
  const byId = new Map<string, Candidate>();
  for (const filter of filters) {
    for (const result of await options.twin.recall(options.incoming, { limit: EXEMPLAR_POOL, filter })) {
      const memory = result.memory;
      const recipient = memory.recipients[0];
      const toAudience = options.audience && memory.recipients.some((who) => who.toLowerCase() === options.audience!.toLowerCase()) ? SAME_AUDIENCE_BONUS : 0;
      const similarity = Math.min(1, adjustedSimilarity(memory.id, recallSimilarity(result), adjustments) + toAudience);
      const known = byId.get(memory.id);
      if (!known || known.similarity < similarity) byId.set(memory.id, { id: memory.id, text: memory.text, similarity, timestamp: memory.timestamp, ...(recipient ? { recipient } : {}) });
    }
  }
  return [...byId.values()].sort((a, b) => b.similarity - a.similarity || b.timestamp - a.timestamp);
}

function toProvenance(candidate: Candidate): ExemplarProvenance {
  return { id: candidate.id, text: excerpt(candidate.text), similarity: roundScore(candidate.similarity) };
}

function replyPrompt(options: DraftReplyOptions, incoming: string, voice: string[], exemplars: Candidate[], related: RecallResult[], emailVoice?: ResolvedVoice, slackVoice?: ResolvedSlackVoice): ChatMessage[] {
  const where = options.channel === 'slack' ? 'a Slack message' : 'an email';
  const system = [
    `You draft replies to ${where} in this person's own voice, for them to review before sending.`,
    'Match their length, greeting, sign-off, tone and punctuation as their past messages show.',
    'Use only facts from the incoming message and the notes given; where the reply needs a fact you do not have (a date, a number, a decision), leave a [placeholder] instead of inventing it.',
    'Answer with the reply text only.',
  ].join(' ');
  const lines: string[] = [];
  if (voice.length) lines.push('How they write here:', ...voice.map((note) => `- ${note}`), '');
  if (emailVoice) lines.push(...emailVoicePrompt(emailVoice), '');
  if (slackVoice) lines.push(...slackVoicePrompt(slackVoice), '');
  if (exemplars.length) {
    lines.push(`Messages they wrote in ${options.channel} (their voice):`);
    for (const exemplar of exemplars) lines.push('---', exemplar.text.trim());
    lines.push('---', '');
  }
  if (related.length) {
    lines.push('Notes from their memory that may be relevant:');
    for (const result of related) lines.push(`- [${result.memory.source}] ${excerpt(result.memory.text, 300)}`);
    lines.push('');
  }
  lines.push(`The ${options.channel === 'slack' ? 'message' : 'email'} to answer${options.audience ? ` (from ${options.audience})` : ''}:`, '---', incoming, '---', '', 'Write their reply.');
  return [
    { role: 'system', content: system },
    { role: 'user', content: lines.join('\n') },
  ];
}

/** Habits measured from the user's messages: length, greeting, sign-off, case, emoji. */
export function voiceNotes(texts: string[], channel: ReplyChannel): string[] {
  const usable = texts.map((text) => text.trim()).filter(Boolean);
  if (usable.length === 0) return [];
  const notes: string[] = [];
  const words = usable.map((text) => text.split(/\s+/).length).sort((a, b) => a - b);
  notes.push(`length: about ${words[Math.floor(words.length / 2)]} words (${words[0]}–${words[words.length - 1]})`);
  const share = (test: (text: string) => boolean) => usable.filter(test).length / usable.length;
  const greets = share((text) => /^(hi|hey|hello|dear|morning|good (morning|afternoon|evening)|yo)\b/i.test(text));
  notes.push(greets >= 0.5 ? 'opens with a greeting' : 'no greeting; straight to the point');
  const signs = share((text) => /\n\s*(thanks|thank you|cheers|best|regards|kind regards|talk soon|ta)\b[^\n]*$/i.test(text) || /\n\s*[—–-]{1,2}\s*\S+$/.test(text));
  if (channel === 'email' || signs > 0) notes.push(signs >= 0.5 ? 'signs off' : 'no sign-off');
  const lower = share((text) => /^[a-z]/.test(text));
  if (lower >= 0.5) notes.push('starts in lowercase');
  const emoji = share((text) => /\p{Extended_Pictographic}|:[a-z_+-]+:/u.test(text));
  if (emoji >= 0.3) notes.push('uses emoji');
  return notes;
}

/** `identities` in config.json: a list for every channel, or `{"slack": [...], "email": [...]}`. */
export function identitiesFromConfig(home: string, channel: ReplyChannel): string[] {
  const raw = readConfigFile(home).identities;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[channel] : undefined;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

/** The learned email voice for this correspondent (else their domain, else overall), as prompt lines. */
function emailVoicePrompt(resolved: ResolvedVoice): string[] {
  const whom = resolved.level === 'recipient' ? 'to this correspondent' : resolved.level === 'domain' ? `to people at ${resolved.scope}` : 'in general';
  const open = resolved.greeting ? `Open with exactly "${resolved.greeting}".` : 'Use no greeting.';
  const close = resolved.signOff ? `Close with exactly:\n${resolved.signOff}` : 'Use no sign-off.';
  return [`How they write email ${whom} (learned from their sent mail):`, ...describeVoice(resolved).slice(1).map((note) => `- ${note}`), open, close];
}

/** The learned Slack voice, or why it could not be used (a broken file must not stop drafting). */
function readSlackVoiceOrNote(home: string): { profile?: SlackVoiceProfile; problem?: string } {
  try {
    return { profile: readSlackVoice(home) };
  } catch (error) {
    return { problem: `slack voice not used: ${(error as Error).message}` };
  }
}

/** The greeting word most of the user's exemplars open with (lowercase or not, as they write it). */
function habitualGreeting(candidates: Candidate[]): { greeting?: string } {
  const counts = new Map<string, number>();
  for (const candidate of candidates) {
    const word = splitReply(candidate.text).greeting?.word;
    if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? { greeting: best[0] } : {};
}

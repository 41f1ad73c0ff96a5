/** The messages sent to the chat model for a plain `@twin` question: the recalled memories, then the question. */
import type { ChatMessage } from '../../core/models/model-provider';
import type { RecallItem } from '../../core/protocol/sidecar-protocol';
import { formatWhen, oneLine } from './recall-markdown';

const MAX_MEMORY_CHARS = 1200;

export const TWIN_SYSTEM_PROMPT = [
  "You are Twin, the user's digital twin inside VS Code. You answer from what Twin remembers about the user's own work:",
  'their edits, commits, notes and conversations, recalled for this question and listed below.',
  'Use the memories when they are relevant and cite them by number, like [2]. When they do not hold the answer, say so',
  'plainly instead of guessing. Be brief; answer in markdown.',
].join(' ');

/** An earlier turn of this chat, as plain text. */
export interface PriorTurn {
  role: 'user' | 'assistant';
  content: string;
}

export function memoriesBlock(items: readonly RecallItem[]): string {
  if (items.length === 0) return 'Twin recalled no memories for this question.';
  const lines = items.map(({ memory }, index) => {
    const where = [memory.source, memory.file, memory.project].filter(Boolean).join(', ');
    return `[${index + 1}] (${formatWhen(memory.timestamp)}; ${where}) ${oneLine(memory.text, MAX_MEMORY_CHARS)}`;
  });
  return `Memories Twin recalled for this question, most relevant first:\n${lines.join('\n')}`;
}

export function buildAnswerMessages(question: string, items: readonly RecallItem[], history: readonly PriorTurn[] = []): ChatMessage[] {
  return [
    { role: 'system', content: TWIN_SYSTEM_PROMPT },
    ...history.map((turn) => ({ role: turn.role, content: turn.content })),
    { role: 'system', content: memoriesBlock(items) },
    { role: 'user', content: question },
  ];
}

/**
 * Twin's chat messages as the VS Code language-model API takes them. The API has User and Assistant
 * messages only, so system instructions travel as a prefix of the next user message. No `vscode` import:
 * plain unit tests cover it.
 */
import type { ChatMessage } from '../../core/models/model-provider';

export interface LanguageModelTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** System messages folded into the next user message; the API has no system role. */
export function toLanguageModelTurns(messages: readonly ChatMessage[]): LanguageModelTurn[] {
  const turns: LanguageModelTurn[] = [];
  let pendingSystem: string[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      pendingSystem.push(message.content);
      continue;
    }
    if (message.role === 'user') {
      const content = pendingSystem.length ? `${pendingSystem.join('\n\n')}\n\n${message.content}` : message.content;
      pendingSystem = [];
      turns.push({ role: 'user', content });
    } else {
      turns.push({ role: 'assistant', content: message.content });
    }
  }
  // Instructions with no user message after them still reach the model, as a user turn of their own.
  if (pendingSystem.length) turns.push({ role: 'user', content: pendingSystem.join('\n\n') });
  return turns;
}

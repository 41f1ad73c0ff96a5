/**
 * Forgetting mail for real: besides the memories in the store, mail sync keeps a header index
 * (`TWIN_HOME/mail/index.json`), the email voice (`TWIN_HOME/style/email-voice.json`) and its sync cursors
 * (`TWIN_HOME/collectors/mail.json`). `twin forget` of email memories calls these so none of those files
 * keeps what the user asked to forget.
 */
import * as fs from 'node:fs';
import { emailVoicePath, forgetVoiceSamples } from './email-voice';
import { mailCursorPath } from './mail-cursor';
import { mailIndexPath, readMailIndex, writeMailIndex } from './mail-index';

/** Removes the index entries and voice samples of forgotten email memories (`email:<message-id>` ids). */
export function forgetMailMemories(home: string, memoryIds: Iterable<string>): { messages: number; voiceSamples: number } {
  const ids = new Set([...memoryIds].filter((id) => id.startsWith('email:')));
  if (ids.size === 0) return { messages: 0, voiceSamples: 0 };
  const index = readMailIndex(home);
  let messages = 0;
  for (const [messageId, entry] of Object.entries(index.messages)) {
    if (ids.has(entry.memoryId ?? `email:${messageId}`)) {
      delete index.messages[messageId];
      messages++;
    }
  }
  if (messages) writeMailIndex(home, index);
  return { messages, voiceSamples: forgetVoiceSamples(home, ids) };
}

/**
 * Removes everything mail sync keeps beside the store (after `twin forget --source email` or `--all`). The
 * cursors go too, so a later sync reads the mailbox again rather than skipping what was forgotten.
 */
export function forgetAllMail(home: string): void {
  for (const file of [mailIndexPath(home), emailVoicePath(home), mailCursorPath(home)]) fs.rmSync(file, { force: true });
}

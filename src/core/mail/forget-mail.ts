/**
 * Forgetting mail for real: besides the memories in the store, mail sync keeps a header index
 * (`TWIN_HOME/mail/index.json`) and the email voice (`TWIN_HOME/style/email-voice.json`). `twin forget` of
 * email memories calls these so neither file keeps what the user asked to forget.
 *
 * The sync cursors (`TWIN_HOME/collectors/mail.json`) stay: they hold UIDs and dates, no mail, and without
 * them the next scheduled sync would read the whole mailbox again and undo the forget within minutes.
 * Reading forgotten mail again is an explicit act: `twin mail sync --from-start`.
 */
import * as fs from 'node:fs';
import { emailVoicePath, forgetVoiceSamples } from './email-voice';
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
 * Removes what mail sync keeps beside the store about messages (after `twin forget --source email` or
 * `--all`). The cursors stay, so the mail collector only reads mail that arrives from now on.
 */
export function forgetAllMail(home: string): void {
  for (const file of [mailIndexPath(home), emailVoicePath(home)]) fs.rmSync(file, { force: true });
}

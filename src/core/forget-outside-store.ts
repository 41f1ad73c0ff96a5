/**
 * Forgetting reaches past the store. Mail sync, the Slack app and drafting keep small files of their own
 * in TWIN_HOME (a header index, voices learned from samples, an approval queue, a log of what the twin
 * sent, the drafts log); when the user forgets a source or everything, those files must not keep it.
 *
 * Called by `twin forget` and the sidecar's `twin/forget` after the store has forgotten, with the ids it
 * removed, so both paths leave the same folder behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { draftsLogPath } from './drafting/feedback';
import { forgetAllMail, forgetMailMemories } from './mail/forget-mail';
import type { ForgetTarget } from './twin';

/** Everything the Slack app keeps: activity log, pending approvals, auto-sent ledger, voice and cursors. */
export function slackFolder(home: string): string {
  return path.join(home, 'slack');
}

/** Files removed or rewritten beside the store, for the report. */
export interface OutsideStoreReport {
  files: string[];
}

export function forgetOutsideStore(home: string, target: ForgetTarget, forgottenIds: readonly string[]): OutsideStoreReport {
  const files: string[] = [];
  const remove = (file: string, recursive = false) => {
    if (!fs.existsSync(file)) return;
    fs.rmSync(file, { force: true, recursive });
    files.push(path.relative(home, file));
  };
  if ('all' in target) {
    forgetAllMail(home);
    remove(slackFolder(home), true);
    remove(draftsLogPath(home));
    return { files };
  }
  if ('source' in target && target.source === 'email') forgetAllMail(home);
  if ('source' in target && target.source === 'slack') remove(slackFolder(home), true);
  // By id or by phrase: mail's index entries and voice samples of exactly those messages.
  const mail = forgetMailMemories(home, forgottenIds);
  if (mail.messages || mail.voiceSamples) files.push('mail/index.json', 'style/email-voice.json');
  return { files };
}

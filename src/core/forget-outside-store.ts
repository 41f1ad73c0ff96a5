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
import { readSlackVoice, slackVoicePath, writeSlackVoice } from './slack/slack-voice-profile';
import type { ForgetTarget } from './twin';

/** Everything the Slack app keeps but its voice: activity log, pending approvals, auto-sent ledger, cursors. */
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
    remove(slackVoicePath(home));
    remove(draftsLogPath(home));
    return { files };
  }
  if ('source' in target && target.source === 'email') forgetAllMail(home);
  if ('source' in target && target.source === 'slack') {
    remove(slackFolder(home), true);
    // The voice is counts learned from those messages, with their ids: it goes with them.
    remove(slackVoicePath(home));
  }
  // By id or by phrase: mail's index entries and voice samples of exactly those messages.
  const mail = forgetMailMemories(home, forgottenIds);
  if (mail.messages || mail.voiceSamples) files.push('mail/index.json', 'style/email-voice.json');
  if (forgetSlackExemplars(home, forgottenIds)) files.push(path.relative(home, slackVoicePath(home)));
  return { files };
}

/**
 * The Slack voice names its newest messages by memory id (provenance); a forgotten message leaves that
 * list. Its counts stay: they are numbers, not text, and cannot be traced back to one message.
 */
function forgetSlackExemplars(home: string, forgottenIds: readonly string[]): boolean {
  const ids = new Set(forgottenIds.filter((id) => id.startsWith('slack:')));
  if (ids.size === 0) return false;
  let profile;
  try {
    profile = readSlackVoice(home);
  } catch {
    // An unreadable voice holds nothing usable; `twin forget --source slack` removes it.
    return false;
  }
  if (!profile) return false;
  let changed = false;
  for (const stats of [profile.overall, ...Object.values(profile.channels), ...Object.values(profile.people)]) {
    const kept = stats.exemplarIds.filter((id) => !ids.has(id));
    if (kept.length !== stats.exemplarIds.length) {
      stats.exemplarIds = kept;
      changed = true;
    }
  }
  if (changed) writeSlackVoice(home, profile);
  return changed;
}

/**
 * Drafts waiting for the user's decision, by draft id, in `TWIN_HOME/slack/pending.json` (private,
 * written atomically), so a button pressed after a restart still finds its draft. Texts are stored
 * redacted. A decided draft is removed; one left undecided for a week expires.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';
import { redact } from '../privacy/redact';

export interface PendingApproval {
  draftId: string;
  /** Where to answer. */
  conversation: string;
  /** The thread to answer in; absent for a plain DM reply. */
  threadTs?: string;
  sender: string;
  senderLabel: string;
  conversationLabel: string;
  incoming: string;
  draft: string;
  confidence: number;
  reasons: string[];
  /** The approval message in the user's DM with the app. */
  approvalChannel?: string;
  approvalTs?: string;
  createdAt: number;
}

const EXPIRES_MS = 7 * 24 * 3_600_000;

export class PendingApprovals {
  private readonly file: string;

  constructor(
    home: string,
    private readonly now: () => number = Date.now,
  ) {
    this.file = path.join(home, 'slack', 'pending.json');
  }

  put(approval: PendingApproval): PendingApproval {
    const stored = { ...approval, incoming: redact(approval.incoming).text, draft: redact(approval.draft).text };
    const all = this.read();
    all[approval.draftId] = stored;
    this.write(all);
    return stored;
  }

  get(draftId: string): PendingApproval | undefined {
    return this.read()[draftId];
  }

  /** Removes and returns it: of two presses of "Send as me", only the first finds the draft. */
  take(draftId: string): PendingApproval | undefined {
    const all = this.read();
    const found = all[draftId];
    if (!found) return undefined;
    delete all[draftId];
    this.write(all);
    return found;
  }

  private read(): Record<string, PendingApproval> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return {};
    }
    if (!parsed || typeof parsed !== 'object') return {};
    const cutoff = this.now() - EXPIRES_MS;
    return Object.fromEntries(Object.entries(parsed as Record<string, PendingApproval>).filter(([, approval]) => approval.createdAt >= cutoff));
  }

  private write(all: Record<string, PendingApproval>): void {
    ensurePrivateFolder(path.dirname(this.file));
    writePrivateFileAtomic(this.file, JSON.stringify(all, null, 2) + '\n');
  }
}

/**
 * The memories the screen collector hands Twin: one episodic memory per window session ("Used xterm —
 * 'vim notes.md' for 4 min"), rewritten in place under the session's id while it grows, and one per OCR
 * capture that found new text, tied to its session by id and metadata. Twin redacts both before storing.
 */
import { formatDuration } from '../../events/event-memories';
import type { MemoryInput } from '../../types';
import { sessionDuration, type WindowSession } from './window-sessions';

export const SCREEN_SOURCE = 'screen';
/** Titles longer than this are cut in memory text (some apps put whole documents paths or URLs there). */
const MAX_TITLE_CHARS = 300;

function shortTitle(title: string): string {
  return title.length > MAX_TITLE_CHARS ? `${title.slice(0, MAX_TITLE_CHARS - 1)}…` : title;
}

function describeWindow(app: string, title: string): string {
  return title ? `${app} — '${shortTitle(title)}'` : app;
}

export function sessionMemory(session: WindowSession): MemoryInput {
  const durationMs = sessionDuration(session);
  return {
    id: session.id,
    text: `Used ${describeWindow(session.app, session.title)} for ${formatDuration(durationMs)}`,
    kind: 'episodic',
    source: SCREEN_SOURCE,
    timestamp: session.start,
    meta: { event: 'window', app: session.app, title: shortTitle(session.title), durationMs, start: session.start, end: session.lastSeen },
  };
}

/** `screen-ocr:<session start>:<window hash>:<capture time>`: one per capture, listed under its session. */
export function ocrMemoryId(session: WindowSession, capturedAt: number): string {
  return `screen-ocr:${session.id.slice('screen:'.length)}:${capturedAt}`;
}

export function ocrMemory(session: WindowSession, text: string, capturedAt: number): MemoryInput {
  return {
    id: ocrMemoryId(session, capturedAt),
    text: `Text on screen in ${describeWindow(session.app, session.title)}:\n${text}`,
    kind: 'episodic',
    source: SCREEN_SOURCE,
    timestamp: capturedAt,
    meta: { event: 'ocr', app: session.app, title: shortTitle(session.title), session: session.id, capturedAt, chars: text.length },
  };
}

/**
 * The part of an email its writer actually wrote: without the quoted message it answers ("On … wrote:",
 * "> " lines, Outlook's "-----Original Message-----" or "From: … Sent: …" block) and without the
 * signature after the standard "-- " delimiter. Voice learning and reply exemplars need exactly this:
 * the quoted text is someone else's voice, and a signature block is not how the user writes.
 */

const ATTRIBUTION = /^(on\s.{1,300}?\bwrote:|am\s.{1,200}?\bschrieb\s.{0,100}:|le\s.{1,200}?\ba écrit\s?:)\s*$/i;
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(original message|forwarded message|ursprüngliche nachricht)\s*-{2,}/i;
const OUTLOOK_HEADER = /^\s*(from|von|de):\s.+$/i;
const OUTLOOK_NEXT = /^\s*(sent|gesendet|envoyé|date|to|subject):\s/i;
const SIGNATURE_DELIMITER = /^-- ?$/;
const MOBILE_SIGNATURE = /^sent from my (iphone|ipad|android|phone|mobile)/i;

export function replyText(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const trimmed = line.trim();
    if (SIGNATURE_DELIMITER.test(line) || ORIGINAL_MESSAGE.test(line) || MOBILE_SIGNATURE.test(trimmed)) break;
    if (ATTRIBUTION.test(trimmed)) break;
    // Attributions wrap ("On Mon, 3 Nov 2026 at 10:02, Anna Berg <\nanna@example.com> wrote:").
    if (/^on\s/i.test(trimmed) && index + 1 < lines.length && ATTRIBUTION.test(`${trimmed} ${lines[index + 1].trim()}`)) break;
    if (OUTLOOK_HEADER.test(line) && index + 1 < lines.length && OUTLOOK_NEXT.test(lines[index + 1]) && (kept.length === 0 || kept[kept.length - 1].trim() === '')) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line.replace(/\s+$/, ''));
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Messages that try to instruct the twin instead of talking to the person: "ignore your instructions",
 * "print your system prompt / the token", "forward this to #general", "you are now …". The Slack app
 * never answers or acts on such a message; it flags it to the user privately, with these reasons.
 *
 * Conservative means erring towards flagging: a false alarm costs the user one glance at a private note
 * and a reply written by hand; a missed attack can leak a secret in the user's name. Each reason says
 * which kind of instruction was found and quotes the words, so the user can judge it.
 *
 * Attackers disguise the words, so the text is also checked after undoing common disguises: zero-width
 * and bidi characters, compatibility forms (fullwidth letters), letters spaced or dotted apart,
 * leetspeak, percent-encoding, HTML entities, \u escapes, and base64 or hex blobs that decode to text.
 */

export interface InjectionVerdict {
  suspicious: boolean;
  /** Why, one line each: the kind of instruction, the quoted words, and the disguise if there was one. */
  reasons: string[];
}

interface Rule {
  kind: string;
  pattern: RegExp;
}

const GAP = '[^.!?\\n]{0,40}?';

const RULES: Rule[] = [
  {
    kind: 'tells the twin to ignore its instructions',
    pattern: new RegExp(
      `\\b(?:ignore|disregard|forget|override|bypass|skip|drop)\\b${GAP}\\b(?:your|all|any|the|previous|prior|above|earlier|preceding|system|these|those|initial|original)\\b${GAP}\\b(?:instructions?|prompts?|rules|guidelines|directions|directives|context|programming|guardrails|constraints)\\b`,
      'i',
    ),
  },
  {
    kind: 'asks to reveal the system prompt or secrets',
    pattern: new RegExp(
      `\\b(?:reveal|print|show|output|repeat|tell|give|share|dump|leak|display|send|paste|list|expose|what(?:'s| is| are))\\b${GAP}\\b(?:system prompt|your prompt|initial prompt|hidden prompt|your instructions|your rules|secrets?|api[ _-]?keys?|access[ _-]?tokens?|tokens?|passwords?|passwd|credentials?|private keys?|env(?:ironment)? (?:variables?|vars?)|\\.env)\\b`,
      'i',
    ),
  },
  {
    kind: 'asks to send or post something elsewhere',
    pattern: new RegExp(
      `\\b(?:send|forward|post|share|paste|copy|cross-?post|dm|email|e-mail|message|upload|leak)\\b${GAP}\\b(?:to|in|into|on|at)\\s+(?:#[\\w-]+|<#[A-Z0-9]+(?:\\|[^>]*)?>|<@[A-Z0-9]+(?:\\|[^>]*)?>|@[\\w.-]+|https?:\\/\\/\\S+|[\\w.+-]+@[\\w-]+\\.[\\w.]+|(?:the |this |that )?(?:channel|everyone|all channels|general))`,
      'i',
    ),
  },
  {
    kind: 'tries to give the twin a new role or new instructions',
    pattern:
      /\byou are now\b|\bfrom now on,? you\b|\byou (?:must|will) now\b|\bact as (?:an?|my|the)\b|\bpretend (?:to be|you are|you're)\b|\b(?:new|updated|real) (?:instructions?|system prompt|rules)\b|\bsystem\s*(?:prompt)?\s*:|\[\/?(?:system|inst)\]|<\|?im_start\|?>|<\/?system>|\bjailbreak\b|\bdeveloper mode\b|\bdo anything now\b/i,
  },
  {
    kind: 'addresses an AI assistant instead of the person',
    pattern: /\b(?:as an? (?:ai|language model|assistant)|dear (?:ai|assistant|bot|twin)|(?:hey|attention|note to) (?:ai|assistant|bot|llm|twin)\b[,:]|(?:ai|assistant|llm|twin|bot),? (?:you must|you should|please ignore|execute|run the following))/i,
  },
];

const MAX_DECODED = 4;

/** Checks a message; see the file comment for what counts. */
export function detectInjection(text: string): InjectionVerdict {
  const reasons: string[] = [];
  const seen = new Set<string>();
  for (const variant of variants(text)) {
    for (const rule of RULES) {
      const match = rule.pattern.exec(variant.text);
      if (!match || seen.has(rule.kind)) continue;
      seen.add(rule.kind);
      reasons.push(`${rule.kind}: "${quote(match[0])}"${variant.disguise ? ` (${variant.disguise})` : ''}`);
    }
  }
  return { suspicious: reasons.length > 0, reasons };
}

interface Variant {
  text: string;
  disguise?: string;
}

interface Decoded {
  text: string;
  disguise: string;
}

function variants(raw: string): Variant[] {
  const slackFree = raw.replace(/<(https?:\/\/[^|>]+)(?:\|[^>]*)?>/g, '$1');
  const out: Variant[] = [{ text: slackFree }];
  const add = (text: string, disguise: string) => {
    if (text && !out.some((variant) => variant.text === text)) out.push({ text, disguise });
  };
  const normalised = slackFree.normalize('NFKC').replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g, '');
  add(normalised, 'hidden or look-alike characters');
  add(joinSpacedLetters(normalised), 'letters spaced apart');
  add(unleet(normalised), 'leetspeak');
  add(decodeEscapes(normalised), 'encoded characters');
  for (const decoded of decodeBlobs(normalised).slice(0, MAX_DECODED)) add(decoded.text, decoded.disguise);
  return out;
}

/** "i g n o r e" or "i.g.n.o.r.e" → "ignore" (runs of four or more single letters). */
function joinSpacedLetters(text: string): string {
  return text.replace(/\b(?:\p{L}[ .\-_*·]){3,}\p{L}\b/gu, (run) => run.replace(/[ .\-_*·]/g, ''));
}

function unleet(text: string): string {
  const map: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l' };
  // Only inside words that mix letters and digits/symbols, so "send 5 to" stays as it is.
  return text.replace(/[\p{L}0-9@$!|]*[\p{L}][\p{L}0-9@$!|]*/gu, (word) => (/[0-9@$!|]/.test(word) && /\p{L}/u.test(word) ? word.replace(/[0134579@$!|]/g, (ch) => map[ch] ?? ch) : word));
}

function decodeEscapes(text: string): string {
  let result = text;
  result = result.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  result = result.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  result = result.replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => safeCodePoint(parseInt(hex, 16)));
  result = result.replace(/&#(\d+);/g, (_, dec: string) => safeCodePoint(parseInt(dec, 10)));
  result = result.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? '');
  if (/%[0-9a-fA-F]{2}/.test(result)) {
    try {
      result = decodeURIComponent(result.replace(/\+/g, ' '));
    } catch {
      result = result.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  }
  return result;
}

function safeCodePoint(code: number): string {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/** Base64 (also url-safe) and hex blobs that decode to readable text. */
function decodeBlobs(text: string): Decoded[] {
  const found: Decoded[] = [];
  for (const match of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    const decoded = readable(Buffer.from(match[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    if (decoded) found.push({ text: decoded, disguise: 'hidden in base64' });
  }
  for (const match of text.matchAll(/\b(?:[0-9a-fA-F]{2}){12,}\b/g)) {
    const decoded = readable(Buffer.from(match[0], 'hex').toString('utf8'));
    if (decoded) found.push({ text: decoded, disguise: 'hidden in hex' });
  }
  return found;
}

/** The text when it is mostly printable words (a random token decodes to noise and is ignored). */
function readable(text: string): string | undefined {
  if (text.length < 8) return undefined;
  const printable = [...text].filter((ch) => /[\p{L}\p{N}\p{P}\p{Zs}]/u.test(ch)).length;
  if (printable / [...text].length < 0.95 || !/\p{L}{3,}\s+\p{L}{2,}/u.test(text)) return undefined;
  return text;
}

function quote(words: string): string {
  const flat = words.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

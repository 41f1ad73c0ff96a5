/** The style profile as text for people (`twin style`); `--json` prints the profile itself. */
import type { LanguageId } from '../code/languages';
import { ranked } from './stats';
import { describeReviewVoice } from './review-voice';
import type { CommitStyle, LanguageStyle, StyleProfile } from './style-profile';

const pct = (share: number | undefined) => (share === undefined ? '' : ` (${Math.round(share * 100)}%)`);
const row = (label: string, value: string) => `    ${label.padEnd(16)}${value}`;
const oneLine = (text: string, width = 100) => {
  const first = text.split('\n')[0];
  return first.length > width ? `${first.slice(0, width - 1)}…` : first;
};

export interface RenderOptions {
  /** Show one repository's own profile instead of the merged one. */
  repository?: string;
}

export function renderStyleProfile(profile: StyleProfile, options: RenderOptions = {}): string {
  const repositories = Object.keys(profile.repositories);
  const chosen = options.repository ? profile.repositories[options.repository] : undefined;
  if (options.repository && !chosen) {
    return `No style learned from ${options.repository}. Learned from: ${repositories.join(', ') || 'nothing yet'}.`;
  }
  const code = chosen ? chosen.code : profile.code;
  const commits = chosen ? chosen.commits : profile.commits;
  const out: string[] = [];
  const when = (chosen?.learnedAt ?? profile.updatedAt).replace('T', ' ').slice(0, 16);
  out.push(
    chosen
      ? `Style of ${chosen.repository} (learned ${when} UTC${chosen.head ? ` at ${chosen.head.slice(0, 7)}` : ''})`
      : `Style profile (updated ${when} UTC) from ${repositories.length} repositor${repositories.length === 1 ? 'y' : 'ies'}: ${repositories.join(', ')}`,
  );
  const languages = Object.entries(code) as Array<[LanguageId, LanguageStyle]>;
  out.push('', 'Code');
  if (languages.length === 0) out.push('    no source files in the languages Twin reads');
  for (const [language, style] of languages) out.push(...renderLanguage(language, style));
  out.push('', 'Commits');
  if (!commits) out.push('    no commits yet');
  else out.push(...renderCommits(commits));
  if (!chosen) {
    out.push('', 'Reviews');
    if (!profile.reviews) out.push('    not learned yet (`twin learn-reviews`)');
    else {
      const voice = profile.reviews;
      out.push(`  ${voice.login ? `${voice.login}'s ` : ''}${voice.lineComments} line comments and ${voice.reviewBodies} review bodies, confidence ${voice.confidence.toFixed(2)}`);
      for (const line of describeReviewVoice(voice)) {
        const at = line.indexOf(': ');
        out.push(row(line.slice(0, at), line.slice(at + 2)));
      }
      for (const exemplar of voice.exemplars.slice(0, 3)) out.push(row('example', oneLine(exemplar.text)));
    }
  }
  return out.join('\n');
}

function renderLanguage(language: LanguageId, style: LanguageStyle): string[] {
  const a = style.agreement;
  const out = [`  ${language} — ${style.files} files, ${style.lines.toLocaleString('en-US')} lines, confidence ${style.confidence.toFixed(2)}`];
  if (style.indent) out.push(row('indent', `${style.indent.style === 'tab' ? `tabs${style.indent.size > 1 ? ` ×${style.indent.size}` : ''}` : `${style.indent.size} spaces`}${pct(a.indent)}`));
  if (style.quotes) out.push(row('quotes', `${style.quotes}${pct(a.quotes)}`));
  if (style.semicolons !== undefined) out.push(row('semicolons', `${style.semicolons ? 'yes' : 'no'}${pct(a.semicolons)}`));
  if (style.trailingCommas) out.push(row('trailing commas', `${style.trailingCommas}${pct(a.trailingCommas)}`));
  if (style.lineLength) out.push(row('line length', `p50 ${style.lineLength.p50}, p95 ${style.lineLength.p95}, max ${style.lineLength.max}`));
  const names = Object.entries(style.naming).map(([kind, naming]) => `${kind} ${naming}${pct(a[`naming.${kind}`])}`);
  if (names.length) out.push(row('naming', names.join(', ')));
  if (style.functionLength) out.push(row('functions', `median ${style.functionLength.median} lines, mean ${style.functionLength.mean}, p90 ${style.functionLength.p90} (${style.functionLength.functions})`));
  const comments = [`${(style.comments.density * 100).toFixed(1)}% of lines`];
  if (style.comments.style) comments.push(`mostly ${style.comments.style} comments`);
  if (style.comments.docCoverage !== undefined) comments.push(`${Math.round(style.comments.docCoverage * 100)}% of functions and classes documented`);
  out.push(row('comments', comments.join('; ')));
  if (style.imports) {
    const parts = [style.imports.style];
    if (style.imports.paths) parts.push(`mostly ${style.imports.paths} paths`);
    if (style.imports.nodeProtocol !== undefined) parts.push(style.imports.nodeProtocol ? 'node: prefix for built-ins' : 'built-ins without node:');
    out.push(row('imports', parts.join(', ')));
  }
  if (style.errorHandling) {
    const others = style.errorHandling.idioms.filter((idiom) => idiom !== style.errorHandling?.dominant);
    out.push(row('errors', `${style.errorHandling.dominant ?? '—'}${others.length ? ` (also ${others.join(', ')})` : ''}`));
  }
  if (style.testFramework) out.push(row('tests', `${style.testFramework}${style.evidence.testFiles ? ` (${style.evidence.testFiles} test files)` : ''}`));
  if (style.formatter.tools.length) out.push(row('config', style.formatter.tools.map((tool) => `${tool.tool} (${tool.file})`).join(', ')));
  for (const disagreement of style.disagreements) out.push(row('disagrees', disagreement.message));
  for (const exemplar of style.exemplars) out.push(row('example', `${exemplar.repository ? `${exemplar.repository}: ` : ''}${exemplar.path}:${exemplar.startLine}-${exemplar.endLine} ${exemplar.name}`));
  return out;
}

function renderCommits(style: CommitStyle): string[] {
  const a = style.agreement;
  const out = [
    `  ${style.source === 'author' ? `your ${style.commits} commits (${style.authors.join(', ')})` : `the repository's ${style.commits} commits`}, confidence ${style.confidence.toFixed(2)}`,
  ];
  if (style.fallback) out.push(row('note', style.fallback));
  out.push(row('conventional', `${style.conventional ? 'yes' : 'no'}${pct(a.conventional)}`));
  const types = ranked(style.types);
  if (types.length) out.push(row('types', types.map(([type, count]) => `${type} ${count}`).join(', ')));
  const scopes = Object.entries(style.scopes);
  if (scopes.length) out.push(row('scopes', scopes.slice(0, 12).map(([scope, info]) => `${scope} ${info.count}${info.paths[0] ? ` → ${info.paths.map((p) => p.path).join(', ')}` : ''}`).join('; ')));
  out.push(row('capitalized', `${style.capitalized ? 'yes' : 'no'}${pct(a.capitalized)}`));
  out.push(row('mood', `${style.mood}${pct(a.mood)}`));
  out.push(row('subject length', `median ${style.subjectLength.median}, p10–p90 ${style.subjectLength.p10}–${style.subjectLength.p90}${style.endsWithPeriod ? ', ends with a full stop' : ''}`));
  out.push(row('body', `${Math.round(style.body.share * 100)}% of commits${style.body.share > 0 ? `, median ${style.body.medianLines} line${style.body.medianLines === 1 ? '' : 's'}` : ''}`));
  out.push(row('references', `${style.referenceStyle}${style.referencePlacement ? ` at ${style.referencePlacement}` : ''}${style.issueKeys?.length ? ` (${style.issueKeys.slice(0, 3).join(', ')})` : ''}${pct(a.referenceStyle)}`));
  if (style.emoji.share > 0) out.push(row('emoji', `${Math.round(style.emoji.share * 100)}% of commits: ${style.emoji.top.join(' ')}`));
  const trailers = Object.entries(style.trailers);
  if (trailers.length) out.push(row('trailers', trailers.map(([key, share]) => `${key}${pct(share)}`).join(', ')));
  for (const exemplar of style.exemplars) out.push(row('example', `${exemplar.hash.slice(0, 7)} ${oneLine(exemplar.message)}`));
  return out;
}

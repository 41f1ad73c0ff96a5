/**
 * Just enough of the config formats formatters and linters use (JSON with comments, flat YAML, TOML,
 * .editorconfig, JavaScript object literals) to read a handful of style settings. Nothing here runs a
 * config file: JavaScript configs are read as text.
 */

export type ConfigValue = string | number | boolean;

/** JSON that may carry comments and trailing commas (tsconfig-style, biome.jsonc, .prettierrc). */
export function parseLooseJson(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else out += char;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

function scalar(raw: string): ConfigValue | undefined {
  const value = raw.replace(/\s+#.*$/, '').trim();
  if (value === '') return undefined;
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const quoted = /^(['"])(.*)\1$/.exec(value);
  if (quoted) return quoted[2];
  if (/^[[{]/.test(value)) return undefined;
  return value;
}

/** Top-level `key: value` pairs of a YAML file (nested blocks and lists are ignored). */
export function parseFlatYaml(text: string): Record<string, ConfigValue> {
  const result: Record<string, ConfigValue> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const value = scalar(match[2]);
    if (value !== undefined) result[match[1]] = value;
  }
  return result;
}

/** TOML tables to their scalar keys: `{'tool.black': {'line-length': 100}}`; the root table is `''`. */
export function parseToml(text: string): Record<string, Record<string, ConfigValue>> {
  const tables: Record<string, Record<string, ConfigValue>> = { '': {} };
  let current = tables[''];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      const name = header[1].replace(/["']/g, '');
      current = tables[name] ??= {};
      continue;
    }
    const pair = /^("[^"]+"|'[^']+'|[A-Za-z0-9_.-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair) continue;
    const value = scalar(pair[2]);
    if (value !== undefined) current[pair[1].replace(/^["']|["']$/g, '')] = value;
  }
  return tables;
}

/** `key: value` settings written in a JavaScript config (`singleQuote: true`, `'printWidth': 100`). */
export function readJsSettings(text: string, keys: readonly string[]): Record<string, ConfigValue> {
  const result: Record<string, ConfigValue> = {};
  for (const key of keys) {
    const match = new RegExp(`["']?\\b${key}\\b["']?\\s*:\\s*(true|false|-?\\d+|'[^']*'|"[^"]*")`).exec(text);
    if (match) result[key] = scalar(match[1])!;
  }
  return result;
}

export interface EditorConfigSection {
  pattern: string;
  settings: Record<string, string>;
}

export function parseEditorConfig(text: string): EditorConfigSection[] {
  const sections: EditorConfigSection[] = [];
  let current: EditorConfigSection | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = { pattern: header[1], settings: {} };
      sections.push(current);
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (pair && current) current.settings[pair[1].toLowerCase()] = pair[2].replace(/\s+[#;].*$/, '').trim().toLowerCase();
  }
  return sections;
}

/** Whether an .editorconfig section pattern applies to a repository-relative path. */
export function editorConfigMatches(pattern: string, filePath: string): boolean {
  const anchored = pattern.includes('/');
  const subject = anchored ? filePath : filePath.slice(filePath.lastIndexOf('/') + 1);
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const end = pattern.indexOf('}', i);
      if (end === -1) source += '\\{';
      else {
        source += `(${pattern.slice(i + 1, end).split(',').map(escapeRegExp).join('|')})`;
        i = end;
      }
    } else if (char === '[') {
      const end = pattern.indexOf(']', i);
      if (end === -1) source += '\\[';
      else {
        source += `[${pattern.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^${source.replace(/^\//, '')}$`).test(subject);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

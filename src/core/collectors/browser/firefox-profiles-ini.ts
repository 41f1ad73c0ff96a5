/**
 * Reads Firefox's `profiles.ini`, which names every profile folder (relative to the ini or absolute).
 * Profiles can live outside the usual folder, so the ini is asked before the folder is listed.
 */
import * as path from 'node:path';

/** Profile folders listed in the text of a `profiles.ini` that lives in `iniFolder`. */
export function profileFoldersFromIni(text: string, iniFolder: string): string[] {
  const folders: string[] = [];
  let section: Record<string, string> | undefined;
  const finish = () => {
    if (!section?.path) return;
    const relative = section.isrelative !== '0';
    // Firefox writes forward slashes on every platform.
    const given = section.path.replace(/[\\/]+/g, path.sep);
    folders.push(relative ? path.join(iniFolder, given) : given);
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      finish();
      section = /^Profile\d+$/i.test(header[1]) ? {} : undefined;
      continue;
    }
    const equals = line.indexOf('=');
    if (section && equals > 0) section[line.slice(0, equals).trim().toLowerCase()] = line.slice(equals + 1).trim();
  }
  finish();
  return folders;
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Twin, TwinOptions } from '../twin';
import { listFiles } from '../io/folder-size';

/** A fresh data folder under the system temp dir; removed by `cleanup`. */
export function makeTempHome(label = 'twin'): { home: string; cleanup(): void } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  return { home, cleanup: () => fs.rmSync(home, { recursive: true, force: true }) };
}

/** Opens a twin on a fresh folder with the built-in offline embedder running in its worker. */
export async function openTempTwin(options: TwinOptions = {}): Promise<{ twin: Twin; home: string; cleanup(): Promise<void> }> {
  const temp = makeTempHome();
  const twin = await Twin.open({ home: temp.home, embedder: { kind: 'offline' }, ...options });
  return {
    twin,
    home: temp.home,
    cleanup: async () => {
      await twin.close().catch(() => undefined);
      temp.cleanup();
    },
  };
}

/** The files under `folder` whose raw bytes contain `needle` (the on-disk check behind forgetting and redaction). */
export function filesContaining(folder: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return listFiles(folder).filter((file) => fs.readFileSync(file).includes(bytes));
}

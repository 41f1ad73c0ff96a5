/**
 * Loads sql.js (SQLite compiled to WebAssembly) once per process.
 *
 * sql.js needs its `sql-wasm.wasm` beside its JavaScript; bundlers move the JavaScript, so the file is
 * located through node_modules, which stays beside `dist/sidecar.js` at run time and is found the same way
 * from the tsc output in `out/` that tests run.
 */
import * as path from 'node:path';
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/** The folder holding `sql-wasm.wasm`; throws a clear error when sql.js is not installed. */
export function sqlWasmFolder(): string {
  try {
    return path.dirname(require.resolve('sql.js/dist/sql-wasm.wasm'));
  } catch {
    throw new Error('sql.js is not installed (node_modules/sql.js/dist/sql-wasm.wasm is missing): run ./scripts/setup.sh');
  }
}

/** The initialised sql.js module, shared by every reader in the process. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!loading) {
    const folder = sqlWasmFolder();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const initSqlJs = require('sql.js') as (config: { locateFile(file: string): string }) => Promise<SqlJsStatic>;
    loading = initSqlJs({ locateFile: (file) => path.join(folder, file) });
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

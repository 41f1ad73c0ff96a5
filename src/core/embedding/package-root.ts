/**
 * Where Twin's own files are at run time. The same code runs from the tsc output
 * (out/src/core/embedding/), from the esbuild bundles (dist/) and from an installed .vsix, so paths
 * are found by walking up to Twin's package.json rather than by counting `..`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'twin';

/** The folder holding Twin's package.json, searched upwards from `startDir`. */
export function findPackageRoot(startDir: string = __dirname): string {
  let dir = path.resolve(startDir);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`Cannot find Twin's package.json (name "${PACKAGE_NAME}") in ${startDir} or any folder above it.`);
    }
    dir = parent;
  }
}

/** Where `npm run build:model` writes the offline model; `TWIN_OFFLINE_MODEL_DIR` overrides it. */
export function defaultOfflineModelDir(): string {
  const override = process.env.TWIN_OFFLINE_MODEL_DIR;
  if (override) return path.resolve(override);
  return path.join(findPackageRoot(), 'models', 'offline-glove-100d');
}

/** Where transformers.js model folders are looked up when the config names no `localModelPath`. */
export function defaultTransformersModelsDir(): string {
  return path.join(findPackageRoot(), 'models');
}

function readPackageName(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

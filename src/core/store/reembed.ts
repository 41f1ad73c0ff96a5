import { Embedder } from '../embedding/embedder';
import { memoryToRow } from './memory-row';
import { MemoryStore } from './memory-store';
import { TwinManifest, writeManifest } from './manifest';

type ProgressListener = (progress: { phase: string; done: number; total?: number; message?: string }) => void;

/**
 * Moves the twin to another embedding model: every memory is embedded again into a new table named for
 * the model, and only when that table is complete does the manifest point at it. A crash half-way leaves
 * the old table in charge; the half-built one is discarded and rebuilt next time.
 */
export async function reembedStore(
  home: string,
  lanceFolder: string,
  manifest: TwinManifest,
  embedder: Embedder,
  tableNameFor: (embedderId: string) => string,
  onProgress?: ProgressListener,
): Promise<TwinManifest> {
  const targetTable = tableNameFor(embedder.info.id);
  if (targetTable === manifest.memoryTable) throw new Error(`Cannot re-embed ${manifest.memoryTable} into itself.`);
  await MemoryStore.dropTable(lanceFolder, targetTable);
  const hasOld = await MemoryStore.tableExists(lanceFolder, manifest.memoryTable);
  const target = await MemoryStore.open(lanceFolder, targetTable, embedder.info.dimensions);
  try {
    if (hasOld) {
      const source = await MemoryStore.open(lanceFolder, manifest.memoryTable, manifest.embedder.dimensions);
      try {
        const total = await source.count();
        let done = 0;
        onProgress?.({ phase: 'reembed', done, total, message: `Re-embedding ${total} memories with ${embedder.info.id}` });
        for await (const batch of source.scan()) {
          for (let start = 0; start < batch.length; start += 512) {
            const chunk = batch.slice(start, start + 512);
            const vectors = await embedder.embed(chunk.map((item) => item.memory.text));
            await target.add(chunk.map((item, index) => memoryToRow(item.memory, item.signature, vectors[index], item.explicitId)));
            done += chunk.length;
            onProgress?.({ phase: 'reembed', done, total });
          }
        }
        await target.optimize();
        await target.ensureVectorIndex();
      } finally {
        source.close();
      }
    }
  } finally {
    target.close();
  }
  const next: TwinManifest = { ...manifest, embedder: { id: embedder.info.id, dimensions: embedder.info.dimensions }, memoryTable: targetTable };
  writeManifest(home, next);
  if (hasOld) await MemoryStore.dropTable(lanceFolder, manifest.memoryTable);
  return next;
}

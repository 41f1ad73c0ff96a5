/**
 * Recall for the CLI's drafting commands: through VS Code's sidecar when it holds the store (it is the one
 * writer, and its socket answers at once), else from the store opened here, read-only when another
 * process is writing.
 */
import type { MemoryRecaller } from '../core/drafting/memory-recaller';
import { Twin } from '../core/twin';
import { viaSidecarOr } from './sidecar-client';

export async function withRecaller<T>(home: string, work: (twin: MemoryRecaller) => Promise<T>): Promise<T> {
  return viaSidecarOr(
    home,
    (client) => work({ recall: (query, options = {}) => client.request('twin/recall', { query, ...options }) }),
    async () => {
      const twin = await Twin.open({ home, preferReadOnlyWhenBusy: true });
      try {
        return await work(twin);
      } finally {
        await twin.close();
      }
    },
  );
}

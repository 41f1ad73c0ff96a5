import * as fs from 'node:fs';
import * as readline from 'node:readline';

export interface JsonlLine {
  /** 1-based line number in the file. */
  lineNumber: number;
  text: string;
}

/**
 * Reads a JSONL file line by line without loading it whole, reporting bytes read so long imports can
 * show progress. Blank lines are skipped (they carry nothing and are common at file ends).
 */
export async function* readJsonlLines(
  file: string,
  onBytes?: (bytesRead: number, totalBytes: number) => void,
): AsyncGenerator<JsonlLine> {
  const totalBytes = fs.statSync(file).size;
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let bytesRead = 0;
  stream.on('data', (chunk) => {
    bytesRead += Buffer.byteLength(chunk as string);
    onBytes?.(bytesRead, totalBytes);
  });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    yield { lineNumber, text };
  }
}

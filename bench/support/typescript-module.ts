/** A realistic TypeScript module of about `lines` lines: the file the parse and keystroke benchmarks type into. */
export function typescriptModule(lines: number): string {
  const parts: string[] = ["import { EventEmitter } from 'node:events';\n"];
  let count = 1;
  for (let i = 0; count < lines; i++) {
    const block = `
export interface Options${i} {
  retries: number;
  onEvent(name: string, payload: unknown): void;
}

export class Service${i} extends EventEmitter {
  private readonly cache = new Map<string, number>();

  constructor(private readonly options: Options${i}) {
    super();
  }

  async fetch(key: string): Promise<number | undefined> {
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      return cached;
    }
    for (let attempt = 0; attempt < this.options.retries; attempt++) {
      const value = await this.load(key, attempt);
      if (value !== undefined) {
        this.cache.set(key, value);
        this.options.onEvent('loaded', { key, attempt });
        return value;
      }
    }
    return undefined;
  }

  private async load(key: string, attempt: number): Promise<number | undefined> {
    return key.length * ${i} + attempt;
  }
}

export const describe${i} = (service: Service${i}): string => \`Service${i}(\${service.listenerCount('loaded')})\`;
`;
    parts.push(block);
    count += block.split('\n').length - 1;
  }
  return parts.join('');
}

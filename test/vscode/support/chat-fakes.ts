/**
 * Stand-ins for what VS Code hands a chat participant, shared by the `@twin` suites: a response stream
 * that records what the handler streams, and a language model that answers with fixed fragments and
 * records what it was sent.
 */
import * as vscode from 'vscode';

/** Records what the handler streams, in order. */
export class RecordingStream {
  readonly parts: Array<{ kind: 'markdown' | 'anchor' | 'button' | 'reference' | 'progress'; value: unknown }> = [];
  constructor(private readonly onMarkdown?: (text: string) => void) {}

  markdown(value: string | vscode.MarkdownString): void {
    const text = typeof value === 'string' ? value : value.value;
    this.parts.push({ kind: 'markdown', value: text });
    this.onMarkdown?.(text);
  }
  anchor(value: vscode.Uri | vscode.Location, title?: string): void {
    this.parts.push({ kind: 'anchor', value: { value, title } });
  }
  button(command: vscode.Command): void {
    this.parts.push({ kind: 'button', value: command });
  }
  reference(value: vscode.Uri | vscode.Location): void {
    this.parts.push({ kind: 'reference', value });
  }
  progress(value: string): void {
    this.parts.push({ kind: 'progress', value });
  }
  filetree(): void {}
  push(): void {}

  /** The markdown as the user would read it. */
  get text(): string {
    return this.parts.filter((part) => part.kind === 'markdown').map((part) => part.value).join('');
  }
  get references(): string[] {
    return this.parts.filter((part) => part.kind === 'reference').map((part) => (part.value as vscode.Uri).fsPath);
  }
  get buttons(): vscode.Command[] {
    return this.parts.filter((part) => part.kind === 'button').map((part) => part.value as vscode.Command);
  }
  get asStream(): vscode.ChatResponseStream {
    return this as unknown as vscode.ChatResponseStream;
  }
}

export interface FakeModelOptions {
  reply?: string[];
  error?: Error;
  /** Wait before each fragment (ms). */
  gapMs?: number;
  /** Called when a request arrives (e.g. to cancel while the model answers). */
  onSend?: () => void;
  countTokens?: 'chars/4' | 'throws';
}

/** A LanguageModelChat that answers with fixed fragments and records what it was sent. */
export function fakeModel(options: FakeModelOptions = {}) {
  const sent: vscode.LanguageModelChatMessage[][] = [];
  const model = {
    id: 'fake-model',
    name: 'Fake Model',
    vendor: 'twin-test',
    family: 'fake',
    version: '1',
    maxInputTokens: 100_000,
    async countTokens(input: string | vscode.LanguageModelChatMessage): Promise<number> {
      if (options.countTokens === 'throws') throw new Error('counting is not supported');
      return Math.ceil((typeof input === 'string' ? input : messageText(input)).length / 4);
    },
    async sendRequest(messages: vscode.LanguageModelChatMessage[], _options?: vscode.LanguageModelChatRequestOptions, token?: vscode.CancellationToken) {
      sent.push(messages);
      options.onSend?.();
      if (options.error) throw options.error;
      const reply = options.reply ?? [];
      async function* text() {
        for (const fragment of reply) {
          if (options.gapMs) await new Promise((resolve) => setTimeout(resolve, options.gapMs));
          if (token?.isCancellationRequested) return;
          yield fragment;
        }
      }
      return { text: text(), stream: text() };
    },
  };
  return { model: model as unknown as vscode.LanguageModelChat, sent };
}

export function messageText(message: vscode.LanguageModelChatMessage): string {
  return message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

/**
 * Twin inside a real VS Code: these run in code-server's extension host (test/vscode/run.mjs), with the
 * real sidecar process and a real git repository as the workspace.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TwinExtensionApi } from '../../src/extension/extension';
import type { RecallItem } from '../../src/core/protocol/sidecar-protocol';
import { until } from './support/until';

const workspace = process.env.TWIN_IT_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
let api: TwinExtensionApi;


async function recall(query: string, source?: string): Promise<RecallItem[]> {
  return api.sidecar.request('twin/recall', { query, limit: 10, filter: source ? { source } : undefined });
}

async function memoryCount(): Promise<number> {
  return (await api.sidecar.request('twin/status', {})).memories;
}

/** Types `text` one character at a time, as a person would, at `line`:`character`. */
async function type(editor: vscode.TextEditor, line: number, character: number, text: string): Promise<void> {
  let position = new vscode.Position(line, character);
  for (const char of text) {
    await editor.edit((builder) => builder.insert(position, char), { undoStopBefore: false, undoStopAfter: false });
    position = position.translate(0, char.length);
  }
}

async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(path.join(workspace, relative));
  return vscode.window.showTextDocument(document);
}

/** Ends open sessions (with their symbols resolved) and waits until the sidecar has stored everything queued. */
async function deliver(): Promise<void> {
  await api.settleObservations();
  await until('the outbox to empty', async () => {
    await api.delivery.flush();
    return api.outbox.size === 0;
  });
}

describe('Twin in VS Code', function () {
  this.timeout(120_000);

  before(async () => {
    const extension = vscode.extensions.getExtension<TwinExtensionApi>('twin-dev.twin');
    assert.ok(extension, 'the Twin extension is installed in this host');
    api = await extension.activate();
    await until('the sidecar to run', () => api.sidecar.isRunning);
  });

  it('activates, registers its commands and starts the sidecar', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['twin.pauseObservation', 'twin.resumeObservation', 'twin.toggleObservation', 'twin.showLog']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
    assert.equal(api.pause.paused, false);
    const status = await api.sidecar.request('twin/status', {});
    assert.equal(status.paused, false);
    assert.equal(status.pid, api.sidecar.pid);
    console.log(`activation took ${api.activationMs.toFixed(1)} ms; sidecar pid ${status.pid}, RSS ${(status.rssBytes / 1048576).toFixed(0)} MB`);
  });

  it('reads the workspace repository’s past commits on first run', async () => {
    await api.backfill.run();
    const found = await until('the initial commit to be recalled', async () => {
      const results = await recall('initial import of the config service', 'git');
      return results.find((item) => item.memory.text.includes('initial import of the config service'));
    });
    assert.equal(found.memory.author, 'dev@example.com');
  });

  it('records typing inside a function, and recall finds the edit by the function’s name', async () => {
    const editor = await open('src/config.ts');
    await type(editor, 7, 0, '  const checked = validatePort(raw.port);\n');
    await editor.document.save();
    await open('src/server.py');
    await deliver();
    const found = await until('the edit to be recalled', async () => {
      const results = await recall('edited parseConfig', 'editor');
      return results.find((item) => item.memory.text.includes('parseConfig'));
    });
    assert.match(found.memory.text, /parseConfig/);
    assert.equal(found.memory.file, 'src/config.ts');
  });

  it('records switching between editors as navigation', async () => {
    await open('src/config.ts');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await open('src/server.py');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await open('src/config.ts');
    await deliver();
    const startOfDay = new Date();
    startOfDay.setHours(0, 0, 0, 0);
    const summary = await until('jumps in the activity summary', async () => {
      const activity = await api.sidecar.request('twin/activity', { from: startOfDay.getTime(), to: Date.now() + 60_000 });
      return activity.totals.jumps > 0 ? activity : undefined;
    });
    assert.ok(summary.topFiles.some((file) => file.file === 'src/config.ts'));
  });

  it('records a commit with the functions it touched, found by its message', async () => {
    const editor = await open('src/config.ts');
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('return `${config.host}'));
    assert.ok(line > 0);
    await editor.edit((builder) => builder.replace(editor.document.lineAt(line).range, '  return config.host.includes(":") ? `[${config.host}]:${config.port}` : `${config.host}:${config.port}`;'));
    await editor.document.save();
    execFileSync('git', ['commit', '-q', '-am', 'fix(config): bracket IPv6 hosts when describing the config'], { cwd: workspace });
    const commit = await until('the commit to be recalled', async () => {
      const results = await recall('bracket IPv6 hosts', 'git');
      return results.find((item) => item.memory.text.includes('IPv6'));
    });
    assert.match(commit.memory.text, /describeConfig/, 'the memory names the function the commit touched');
  });

  it('records nothing while paused, anywhere, and records again after resuming', async () => {
    await deliver();
    const before = await memoryCount();
    await vscode.commands.executeCommand('twin.toggleObservation');
    try {
      assert.equal(api.pause.paused, true);
      assert.equal((await api.sidecar.request('twin/status', {})).paused, true, 'the sidecar is paused too');
      const editor = await open('src/server.py');
      await type(editor, 5, 0, '        # paused edit\n');
      await editor.document.save();
      await open('src/config.ts');
      api.flushObservations();
      await api.delivery.flush();
      assert.equal(api.outbox.size, 0, 'nothing waits to be recorded');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(await memoryCount(), before);
      const serverEdits = (await recall('edited server.py', 'editor')).filter((item) => item.memory.file === 'src/server.py');
      assert.deepEqual(serverEdits, [], 'no edit of server.py was recorded');
    } finally {
      await vscode.commands.executeCommand('twin.resumeObservation');
    }
    assert.equal(api.pause.paused, false);
    assert.equal((await api.sidecar.request('twin/status', {})).paused, false);
  });

  it('comes back after the sidecar is killed, delivering what was observed meanwhile exactly once', async () => {
    const firstPid = api.sidecar.pid!;
    process.kill(firstPid, 'SIGKILL');
    await until('the sidecar to notice it died', () => !api.sidecar.isRunning || api.sidecar.pid !== firstPid);
    const editor = await open('src/server.py');
    await type(editor, 4, 0, '    # retry budget for the zebracorn listener\n');
    await editor.document.save();
    await open('src/config.ts');
    api.flushObservations();
    const queued = api.outbox.peek(100);
    await until('the sidecar to be back', () => api.sidecar.isRunning && api.sidecar.pid !== firstPid);
    await deliver();
    const edit = await until('the edit made while the sidecar was down', async () => {
      const results = await recall('edited Server.start server.py', 'editor');
      return results.find((item) => item.memory.file === 'src/server.py');
    });
    assert.ok(edit);
    const count = await memoryCount();
    if (queued.length > 0) {
      const again = await api.sidecar.request('twin/ingestEvents', { events: queued });
      assert.deepEqual(new Set(again.stored), new Set(queued.map((event) => event.id)), 'a resend is acknowledged');
      assert.equal(await memoryCount(), count, 'and stored only once');
    }
  });
});

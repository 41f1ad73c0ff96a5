import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CommitOptions {
  email?: string;
  name?: string;
  /** Epoch ms; author and committer date. */
  time?: number;
}

/** A real git repository in a temp folder, built step by step by a test. */
export class TempGitRepo {
  private clock = Date.parse('2026-11-02T09:00:00Z');

  private constructor(readonly root: string) {}

  static create(label = 'twin-repo', branch = 'main'): TempGitRepo {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`)));
    const repo = new TempGitRepo(root);
    repo.git('init', '-q', '-b', branch);
    repo.git('config', 'user.email', 'me@example.com');
    repo.git('config', 'user.name', 'Me');
    repo.git('config', 'commit.gpgsign', 'false');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  }

  write(file: string, content: string): this {
    const target = path.join(this.root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    this.git('add', '--', file);
    return this;
  }

  remove(file: string): this {
    this.git('rm', '-q', '--', file);
    return this;
  }

  move(from: string, to: string): this {
    fs.mkdirSync(path.dirname(path.join(this.root, to)), { recursive: true });
    this.git('mv', from, to);
    return this;
  }

  /** Commits what was staged; returns the full hash. Times advance a minute per commit unless given. */
  commit(message: string, options: CommitOptions = {}): string {
    this.clock = options.time ?? this.clock + 60_000;
    const date = new Date(this.clock).toISOString();
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
      cwd: this.root,
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
        GIT_AUTHOR_EMAIL: options.email ?? 'me@example.com',
        GIT_AUTHOR_NAME: options.name ?? 'Me',
        GIT_COMMITTER_EMAIL: options.email ?? 'me@example.com',
        GIT_COMMITTER_NAME: options.name ?? 'Me',
      },
    });
    return this.git('rev-parse', 'HEAD').trim();
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Real git repositories with known conventions, for the style learners' tests: each builder writes source
 * files and commits in one deliberate style, so a test can assert that exactly that style is learned.
 */
import { TempGitRepo } from '../../git/test-support/temp-git-repo';

export const ME = 'me@example.com';
const OTHERS = ['dana@example.com', 'lee@example.com', 'sam@example.com'];

const VERBS = ['load', 'parse', 'render', 'validate', 'merge', 'fetch', 'encode', 'schedule'];
const NOUNS = ['Record', 'Invoice', 'Session', 'Payload', 'Route', 'Report', 'Token', 'Query'];
const pascal = (word: string) => word[0].toUpperCase() + word.slice(1);
const snake = (word: string) => word.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase());
const kebab = (word: string) => snake(word).replace(/_/g, '-');

// ---------------------------------------------------------------------------------------------------------
// TypeScript monorepo: 4 spaces, single quotes, no semicolons, trailing commas everywhere, JSDoc, mocha;
// conventional commits with scopes api → packages/api and web → packages/web, lower-case, `(#N)` suffixes.

/** A TypeScript module in the monorepo's style. */
export function tsModule(index: number): string {
  const verb = VERBS[index % VERBS.length];
  const noun = NOUNS[(index * 3) % NOUNS.length];
  return `import { readFile } from 'node:fs/promises'
import { formatError } from '../shared/format-error'
import { DEFAULT_LIMIT } from './limits'

/** How many times a request is tried before giving up. */
export const MAX_RETRIES_${index} = ${index + 3}

/** Talks to the ${noun.toLowerCase()} service. */
export class ${noun}Client${index} {
    private readonly baseUrl: string

    constructor(baseUrl: string) {
        this.baseUrl = baseUrl
    }

    /** Loads one ${noun.toLowerCase()} by id. */
    async ${verb}${noun}(recordId: string): Promise<string> {
        const requestUrl = \`\${this.baseUrl}/items/\${recordId}\`
        try {
            const body = await readFile(requestUrl, 'utf8')
            return body.trim()
        } catch (error) {
            throw new Error(formatError('cannot ${verb}', error))
        }
    }
}

/** Builds the options of a request. */
export function build${noun}Options(retryCount: number, label: string) {
    const defaultHeaders = {
        accept: 'application/json',
        'user-agent': 'twin-test',
    }
    return {
        headers: defaultHeaders,
        retries: Math.min(retryCount, DEFAULT_LIMIT),
        label,
    }
}

/** Names a result code. */
export function describe${noun}Result(resultCode: number): string {
    const messages = [
        'ok',
        'retry',
        'fail',
    ]
    const fallbackMessage = formatError(
        'unknown result',
        resultCode,
    )
    return messages[resultCode] ?? fallbackMessage
}
`;
}

const TS_FORMAT_ERROR = `/** A readable message for any thrown value. */
export function formatError(prefix: string, error: unknown): string {
    const detail = error instanceof Error ? error.message : String(error)
    return \`\${prefix}: \${detail}\`
}
`;

function tsTest(index: number): string {
  const noun = NOUNS[(index * 3) % NOUNS.length];
  return `import * as assert from 'node:assert/strict'
import { build${noun}Options } from '../src/${kebab(VERBS[index % VERBS.length] + noun)}-client-${index}'

describe('${noun} options', () => {
    it('caps the retries', () => {
        const options = build${noun}Options(50, 'test')
        assert.equal(options.retries, 10)
    })
})
`;
}

export interface BuiltRepo {
  repo: TempGitRepo;
  /** Hashes of the user's commits, oldest first. */
  mine: string[];
  others: string[];
}

export function buildTypeScriptMonorepo(): BuiltRepo {
  const repo = TempGitRepo.create('twin-style-ts');
  const mine: string[] = [];
  const others: string[] = [];
  repo.write('package.json', JSON.stringify({ name: 'shop', private: true, devDependencies: { mocha: '10.8.2', typescript: '5.9.3' } }, null, 4) + '\n');
  repo.write('.mocharc.json', '{ "spec": "packages/*/test/**/*.test.ts" }\n');
  repo.write('packages/shared/format-error.ts', TS_FORMAT_ERROR);
  repo.write('packages/api/src/limits.ts', 'export const DEFAULT_LIMIT = 10\n');
  repo.write('packages/web/src/limits.ts', 'export const DEFAULT_LIMIT = 5\n');
  mine.push(repo.commit('chore: set up the workspace (#1)'));
  const types = ['feat', 'fix', 'feat', 'refactor', 'fix', 'feat', 'perf', 'test'];
  const verbs = ['add', 'fix', 'support', 'simplify', 'handle', 'expose', 'speed up', 'cover'];
  for (let i = 0; i < 24; i++) {
    const scope = i % 2 === 0 ? 'api' : 'web';
    const verb = VERBS[i % VERBS.length];
    const noun = NOUNS[(i * 3) % NOUNS.length];
    repo.write(`packages/${scope}/src/${kebab(verb + noun)}-client-${i}.ts`, tsModule(i));
    if (i % 3 === 0) repo.write(`packages/${scope}/test/${kebab(verb + noun)}-client-${i}.test.ts`, tsTest(i));
    const body = i % 4 === 0 ? `\n\nThe ${noun.toLowerCase()} client retries with backoff now.` : '';
    mine.push(repo.commit(`${types[i % types.length]}(${scope}): ${verbs[i % verbs.length]} ${noun.toLowerCase()} ${verb} retries (#${12 + i})${body}`));
  }
  // Someone else's commits in another style must not shape the user's.
  repo.write('README.md', '# Shop\n');
  others.push(repo.commit('Updated the README.', { email: OTHERS[0], name: 'Dana' }));
  repo.write('README.md', '# Shop\n\nA shop.\n');
  others.push(repo.commit('Added a description to the README.', { email: OTHERS[1], name: 'Lee' }));
  return { repo, mine, others };
}

// ---------------------------------------------------------------------------------------------------------
// Python: 4 spaces, double quotes, snake_case, docstrings, `from x import y`, try/except, pytest, black;
// imperative capitalised commits with bodies, `Fixes #N` and Signed-off-by trailers.

export function pythonModule(index: number): string {
  const verb = VERBS[index % VERBS.length];
  const noun = snake(NOUNS[(index * 5) % NOUNS.length]);
  return `"""Helpers for ${noun} handling."""
from pathlib import Path
from typing import Optional

from .errors import ServiceError

DEFAULT_TIMEOUT_${index} = ${index + 10}


class ${pascal(noun)}Store${index}:
    """Keeps ${noun} records on disk."""

    def __init__(self, root_dir: Path) -> None:
        self.root_dir = root_dir

    def ${verb}_${noun}(self, record_id: str) -> Optional[str]:
        """Reads one record, or None when it is missing."""
        record_path = self.root_dir / f"{record_id}.json"
        try:
            raw_text = record_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as error:
            raise ServiceError("cannot read the record") from error
        return raw_text.strip()


def ${verb}_${noun}_batch(record_ids, batch_size=10):
    """Splits record ids into batches."""
    batch_list = [
        record_ids[start:start + batch_size]
        for start in range(0, len(record_ids), batch_size)
    ]
    status_names = {
        "ok": "done",
        "retry": "again",
    }
    return batch_list, status_names
`;
}

function pythonTest(index: number): string {
  const verb = VERBS[index % VERBS.length];
  const noun = snake(NOUNS[(index * 5) % NOUNS.length]);
  return `import pytest

from app.${verb}_${noun}_${index} import ${verb}_${noun}_batch


def test_${verb}_${noun}_batch_splits_ids():
    """Batches hold at most batch_size ids."""
    batches, _ = ${verb}_${noun}_batch(["a", "b", "c"], batch_size=2)
    assert batches == [["a", "b"], ["c"]]
`;
}

export function buildPythonRepo(): BuiltRepo {
  const repo = TempGitRepo.create('twin-style-py');
  const mine: string[] = [];
  repo.write('pyproject.toml', '[project]\nname = "records"\n\n[tool.black]\nline-length = 100\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n');
  repo.write('app/errors.py', '"""Errors of the record service."""\n\n\nclass ServiceError(Exception):\n    """Raised when the service cannot answer."""\n');
  repo.write('tests/conftest.py', 'import pytest\n\n\n@pytest.fixture\ndef root_dir(tmp_path):\n    """A temporary root folder."""\n    return tmp_path\n');
  mine.push(repo.commit('Set up the record service\n\nA package, black and pytest.\n\nSigned-off-by: Me <me@example.com>'));
  const verbs = ['Add', 'Fix', 'Handle', 'Support', 'Remove', 'Update'];
  for (let i = 0; i < 22; i++) {
    const verb = VERBS[i % VERBS.length];
    const noun = snake(NOUNS[(i * 5) % NOUNS.length]);
    repo.write(`app/${verb}_${noun}_${i}.py`, pythonModule(i));
    if (i % 2 === 0) repo.write(`tests/test_${verb}_${noun}_${i}.py`, pythonTest(i));
    mine.push(
      repo.commit(
        `${verbs[i % verbs.length]} ${noun.replace(/_/g, ' ')} ${verb} batching\n\n` +
          `Large ${noun} exports time out when read one by one,\nso they are read in batches of ten.\n\nFixes #${40 + i}\n\nSigned-off-by: Me <me@example.com>`,
      ),
    );
  }
  return { repo, mine, others: [] };
}

// ---------------------------------------------------------------------------------------------------------
// Go: gofmt (tabs), doc comments, `if err != nil`, go test; past-tense commits with JIRA keys up front.

export function goModule(index: number): string {
  const verb = VERBS[index % VERBS.length];
  const noun = NOUNS[(index * 3) % NOUNS.length];
  return `package billing

import (
	"errors"
	"fmt"
)

// ${pascal(verb)}${noun}${index} ${verb}s a ${noun.toLowerCase()} and wraps what goes wrong.
func ${pascal(verb)}${noun}${index}(store Store, id string) (string, error) {
	value, err := store.Get(id)
	if err != nil {
		return "", fmt.Errorf("${verb} %s: %w", id, err)
	}
	cleanedValue, err := normalize${noun}${index}(value)
	if err != nil {
		return "", err
	}
	return cleanedValue, nil
}

// normalize${noun}${index} trims a ${noun.toLowerCase()} value.
func normalize${noun}${index}(value string) (string, error) {
	if value == "" {
		return "", errors.New("empty ${noun.toLowerCase()}")
	}
	valueParts := []string{
		value,
		"${index}",
	}
	return valueParts[0], nil
}
`;
}

const GO_STORE = `package billing

// Store reads values by id.
type Store interface {
	Get(id string) (string, error)
}
`;

function goTest(index: number): string {
  const verb = VERBS[index % VERBS.length];
  const noun = NOUNS[(index * 3) % NOUNS.length];
  return `package billing

import "testing"

func TestNormalize${noun}${index}(t *testing.T) {
	if _, err := normalize${noun}${index}(""); err == nil {
		t.Fatal("want an error for an empty value")
	}
	_ = ${pascal(verb)}${noun}${index}
}
`;
}

export function buildGoRepo(): BuiltRepo {
  const repo = TempGitRepo.create('twin-style-go');
  const mine: string[] = [];
  repo.write('go.mod', 'module example.com/billing\n\ngo 1.22\n');
  repo.write('billing/store.go', GO_STORE);
  mine.push(repo.commit('PAY-100 Created the billing package'));
  const verbs = ['Added', 'Fixed', 'Removed', 'Updated', 'Changed', 'Improved'];
  for (let i = 0; i < 22; i++) {
    const noun = NOUNS[(i * 3) % NOUNS.length];
    repo.write(`billing/${snake(VERBS[i % VERBS.length] + noun)}_${i}.go`, goModule(i));
    if (i % 2 === 0) repo.write(`billing/${snake(VERBS[i % VERBS.length] + noun)}_${i}_test.go`, goTest(i));
    const body = i % 3 === 0 ? `\n\nThe old path dropped errors from the ${noun.toLowerCase()} store.` : '';
    mine.push(repo.commit(`PAY-${101 + i} ${verbs[i % verbs.length]} ${noun.toLowerCase()} handling in billing${body}`));
  }
  return { repo, mine, others: [] };
}

// ---------------------------------------------------------------------------------------------------------
// Prettier says single quotes; the code uses double quotes four times out of five.

export function buildPrettierDisagreementRepo(): BuiltRepo {
  const repo = TempGitRepo.create('twin-style-prettier');
  repo.write('.prettierrc', '{\n  "singleQuote": true,\n  "semi": true,\n  "tabWidth": 2\n}\n');
  for (let i = 0; i < 6; i++) {
    const lines = [`/** Labels for the ${i}th report. */`, `function reportLabels${i}(name, separator) {`];
    for (let j = 0; j < 10; j++) lines.push(`  const label${j} = ${j % 5 === 0 ? `'part ${j}'` : `"part ${j}"`};`);
    lines.push(`  return [label0, label1, label2, name].join(separator);`, '}', '', `module.exports = { reportLabels${i} };`, '');
    repo.write(`lib/report-labels-${i}.js`, lines.join('\n'));
  }
  return { repo, mine: [repo.commit('Add report labels')], others: [] };
}

// ---------------------------------------------------------------------------------------------------------
// The user has three commits; the team writes gitmoji subjects, capitalised, imperative.

export function buildTeamRepo(): BuiltRepo {
  const repo = TempGitRepo.create('twin-style-team');
  const mine: string[] = [];
  const others: string[] = [];
  const gitmoji: Array<[string, string]> = [['✨', 'Add'], ['🐛', 'Fix'], ['♻️', 'Refactor'], ['✨', 'Support']];
  for (let i = 0; i < 28; i++) {
    repo.write(`src/part-${i}.js`, `export const part${i} = ${i};\n`);
    const [emoji, verb] = gitmoji[i % gitmoji.length];
    others.push(repo.commit(`${emoji} ${verb} part ${i} of the search page`, { email: OTHERS[i % OTHERS.length], name: 'Team' }));
    if (i % 9 === 4) {
      repo.write(`src/mine-${i}.js`, `export const mine${i} = ${i};\n`);
      mine.push(repo.commit(`wip ${i}`));
    }
  }
  return { repo, mine, others };
}

// ---------------------------------------------------------------------------------------------------------
// Rust and Java side by side: 4 spaces, doc comments, `?` and try/catch, cargo test and JUnit 5; a
// rustfmt.toml whose max_width the code overruns.

export function rustModule(index: number): string {
  const noun = NOUNS[index % NOUNS.length];
  return `use std::collections::HashMap;

use crate::store::{Error, Store};

/// How many times a read is retried.
pub const MAX_RETRIES_${index}: u32 = ${index + 2};

/// Reads ${noun.toLowerCase()} records from a store and keeps the last ones read.
pub struct ${noun}Reader${index} {
    cache: HashMap<String, String>,
}

impl ${noun}Reader${index} {
    /// Reads one record, trimmed, through the cache.
    pub fn read_${snake(noun)}(&mut self, store: &Store, record_id: &str) -> Result<String, Error> {
        let raw_value = store.get(record_id)?;
        let trimmed_value = raw_value.trim().to_string();
        store.touch(record_id)?;
        self.cache.insert(record_id.to_string(), trimmed_value.clone());
        Ok(trimmed_value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_${snake(noun)}() {
        let store = Store::default();
        let first_value = store.get("a").unwrap();
        assert_eq!(first_value, "a");
    }
}
`;
}

export function javaClass(index: number): string {
  const noun = NOUNS[index % NOUNS.length];
  return `package com.example.billing;

import java.util.List;
import java.util.Map;

/** Reads ${noun.toLowerCase()} records. */
public class ${noun}Reader${index} {
    private static final int MAX_RETRIES = ${index + 2};

    /** Reads one record, trimmed. */
    public String read${noun}(Map<String, String> store, String recordId) {
        String rawValue = store.get(recordId);
        try {
            return rawValue.trim();
        } catch (NullPointerException error) {
            throw new IllegalStateException("no record " + recordId, error);
        }
    }

    /** Reads several records. */
    public List<String> read${noun}List(Map<String, String> store, List<String> recordIds) {
        int[] retryDelays = {
            100,
            200,
        };
        return recordIds.stream().map(recordId -> read${noun}(store, recordId)).toList();
    }
}
`;
}

function javaTest(index: number): string {
  const noun = NOUNS[index % NOUNS.length];
  return `package com.example.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ${noun}Reader${index}Test {
    @Test
    void readsATrimmedRecord() {
        String readValue = new ${noun}Reader${index}().read${noun}(Map.of("a", " x "), "a");
        assertEquals("x", readValue);
    }
}
`;
}

export function buildRustAndJavaRepo(): BuiltRepo {
  const repo = TempGitRepo.create('twin-style-rust-java');
  repo.write('Cargo.toml', '[package]\nname = "billing"\nversion = "0.1.0"\nedition = "2021"\n');
  repo.write('rustfmt.toml', 'max_width = 60\n');
  for (let i = 0; i < 8; i++) {
    repo.write(`src/${snake(NOUNS[i % NOUNS.length])}_reader_${i}.rs`, rustModule(i));
    repo.write(`java/src/main/java/com/example/billing/${NOUNS[i % NOUNS.length]}Reader${i}.java`, javaClass(i));
    if (i % 2 === 0) repo.write(`java/src/test/java/com/example/billing/${NOUNS[i % NOUNS.length]}Reader${i}Test.java`, javaTest(i));
  }
  return { repo, mine: [repo.commit('Add the readers')], others: [] };
}

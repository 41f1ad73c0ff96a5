import * as assert from 'node:assert/strict';
import { materializeMemory } from '../memory/memory-input';
import { Memory } from '../types';
import { fuseAndRank } from './rank-fusion';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

function memory(id: string, overrides: Partial<Memory> = {}): Memory {
  return { ...materializeMemory({ id, text: id, timestamp: NOW - DAY }, NOW), ...overrides };
}

describe('Hybrid ranking', () => {
  it('puts a memory found by both meaning and words above ones found by only one', () => {
    const both = memory('both');
    const vectorOnly = memory('vector-only');
    const textOnly = memory('text-only');
    const results = fuseAndRank(
      [{ memory: vectorOnly, distance: 0.1 }, { memory: both, distance: 0.2 }],
      [{ memory: textOnly, score: 6 }, { memory: both, score: 5 }],
      { limit: 10, now: NOW, mode: 'hybrid', pool: 50 },
    );
    assert.equal(results[0].memory.id, 'both');
    assert.equal(results[0].why.vectorRank, 2);
    assert.equal(results[0].why.textRank, 2);
    assert.equal(results[0].why.similarity, 0.8);
  });

  it('ranks by one list alone in the single modes', () => {
    const a = memory('a');
    const b = memory('b');
    const vector = fuseAndRank([{ memory: a, distance: 0.1 }], [{ memory: b, score: 3 }], { limit: 10, now: NOW, mode: 'vector', pool: 50 });
    assert.deepEqual(vector.map((result) => result.memory.id), ['a']);
    const text = fuseAndRank([{ memory: a, distance: 0.1 }], [{ memory: b, score: 3 }], { limit: 10, now: NOW, mode: 'text', pool: 50 });
    assert.deepEqual(text.map((result) => result.memory.id), ['b']);
    assert.equal(text[0].why.relevance, 1);
  });

  it('lets importance and recency decide between equally relevant memories, never overturn a clear relevance gap', () => {
    const important = memory('important', { importance: 1 });
    const trivial = memory('trivial', { importance: 0.1 });
    const tie = fuseAndRank([{ memory: trivial, distance: 0.2 }, { memory: important, distance: 0.2 }], [], { limit: 10, now: NOW, mode: 'hybrid', pool: 50 });
    assert.equal(tie[0].memory.id, 'important');

    const fresh = memory('fresh', { timestamp: NOW - DAY });
    const stale = memory('stale', { timestamp: NOW - 400 * DAY });
    const byAge = fuseAndRank([], [{ memory: stale, score: 2 }, { memory: fresh, score: 2 }], { limit: 10, now: NOW, mode: 'hybrid', pool: 50 });
    assert.equal(byAge[0].memory.id, 'fresh');

    const relevantButOld = memory('relevant', { timestamp: NOW - 400 * DAY, importance: 0.2 });
    const weak = memory('weak', { importance: 1 });
    const gap = fuseAndRank(
      [{ memory: relevantButOld, distance: 0.1 }, ...Array.from({ length: 20 }, (_, i) => ({ memory: memory(`filler-${i}`), distance: 0.5 })), { memory: weak, distance: 0.6 }],
      [{ memory: relevantButOld, score: 8 }],
      { limit: 3, now: NOW, mode: 'hybrid', pool: 50 },
    );
    assert.equal(gap[0].memory.id, 'relevant');
  });

  it('returns at most the limit, best first', () => {
    const hits = Array.from({ length: 30 }, (_, i) => ({ memory: memory(`m${i}`), distance: i / 100 }));
    const results = fuseAndRank(hits, [], { limit: 5, now: NOW, mode: 'hybrid', pool: 50 });
    assert.equal(results.length, 5);
    assert.deepEqual(results.map((result) => result.memory.id), ['m0', 'm1', 'm2', 'm3', 'm4']);
    for (let i = 1; i < results.length; i++) assert.ok(results[i - 1].score >= results[i].score);
  });
});

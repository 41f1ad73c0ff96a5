import * as assert from 'node:assert/strict';
import type { PostableReview } from '../../core/github/post-review';
import { draftIdOf, ReviewDraftStore } from './review-drafts';

const review = (n: number): PostableReview => ({ pr: { owner: 'acme', repo: 'billing', number: n }, summary: `review ${n}`, comments: [] });

describe('ReviewDraftStore', () => {
  it('returns a draft by its id, and nothing for an id it never saw', () => {
    const store = new ReviewDraftStore();
    store.put('d1', review(1));
    assert.equal(store.get('d1')?.summary, 'review 1');
    assert.equal(store.get('nope'), undefined);
  });

  it('forgets the oldest drafts beyond its capacity', () => {
    const store = new ReviewDraftStore(3);
    for (let n = 1; n <= 5; n++) store.put(`d${n}`, review(n));
    assert.equal(store.size, 3);
    assert.equal(store.get('d1'), undefined);
    assert.equal(store.get('d2'), undefined);
    assert.deepEqual(['d3', 'd4', 'd5'].map((id) => store.get(id)?.summary), ['review 3', 'review 4', 'review 5']);
  });

  it('keeps a re-put draft as the newest, and deletes a posted one', () => {
    const store = new ReviewDraftStore(2);
    store.put('a', review(1));
    store.put('b', review(2));
    store.put('a', review(3));
    store.put('c', review(4));
    assert.equal(store.get('b'), undefined, 'b was the oldest after a was put again');
    assert.equal(store.get('a')?.summary, 'review 3');
    store.delete('a');
    assert.equal(store.get('a'), undefined);
  });
});

describe('draftIdOf', () => {
  it('accepts the id or { draftId }, and nothing that carries its own review or URL', () => {
    assert.equal(draftIdOf('d1'), 'd1');
    assert.equal(draftIdOf({ draftId: 'd2' }), 'd2');
    assert.equal(draftIdOf({ apiUrl: 'https://evil.example', pr: { owner: 'a', repo: 'b', number: 1 }, summary: 's', comments: [] }), undefined);
    assert.equal(draftIdOf(''), undefined);
    assert.equal(draftIdOf(undefined), undefined);
    assert.equal(draftIdOf(42), undefined);
  });
});

import assert from 'node:assert/strict';
import { parseConfirmation } from './forget-confirmation';

describe('/forget confirmation', () => {
  it('reads the ids after `confirm`, once each, separated by spaces or commas', () => {
    assert.deepEqual(parseConfirmation('confirm m-1 m-2, m-1'), ['m-1', 'm-2']);
    assert.deepEqual(parseConfirmation('Confirm m-3'), ['m-3']);
  });

  it('treats anything else as a query to list, never as a confirmation', () => {
    assert.equal(parseConfirmation('confirm'), undefined);
    assert.equal(parseConfirmation('the confirm dialog'), undefined);
    assert.equal(parseConfirmation('flamingo-cache'), undefined);
  });
});

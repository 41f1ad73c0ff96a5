import assert from 'node:assert/strict';
import { toLanguageModelTurns } from './language-model-turns';

describe('messages for the VS Code language-model API', () => {
  it('folds system messages into the next user message, since the API has no system role', () => {
    assert.deepEqual(
      toLanguageModelTurns([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'system', content: 'Memories: none' },
        { role: 'user', content: 'What did I do?' },
      ]),
      [
        { role: 'user', content: 'Be brief.\n\nHi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Memories: none\n\nWhat did I do?' },
      ],
    );
  });

  it('still sends instructions that no user message follows', () => {
    assert.deepEqual(toLanguageModelTurns([{ role: 'user', content: 'Hi' }, { role: 'system', content: 'Answer in French.' }]), [
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'Answer in French.' },
    ]);
  });
});

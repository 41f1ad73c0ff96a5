import * as assert from 'node:assert/strict';
import { fileStem, namingCase, summarizeNaming } from './naming';

describe('Naming conventions', function () {
  it('classifies names, ignoring private markers and saying nothing of one-letter names', () => {
    const cases: Record<string, string> = {
      parseConfig: 'camelCase',
      HTTPServer: 'PascalCase',
      Parser: 'PascalCase',
      parse_config: 'snake_case',
      _private_helper: 'snake_case',
      MAX_RETRIES: 'SCREAMING_SNAKE',
      ID: 'SCREAMING_SNAKE',
      'code-style': 'kebab-case',
      parse: 'lowercase',
      $store: 'lowercase',
      x: 'other',
      Mixed_Case: 'other',
    };
    for (const [name, expected] of Object.entries(cases)) assert.equal(namingCase(name), expected, name);
  });

  it('lets one-word lower-case names back camelCase or snake_case, and names lower-case only when nothing else is used', () => {
    assert.deepEqual(summarizeNaming({ camelCase: 30, lowercase: 60, snake_case: 10 }), { style: 'camelCase', share: 0.9, samples: 100 });
    assert.deepEqual(summarizeNaming({ lowercase: 12, other: 3 }), { style: 'lowercase', share: 1, samples: 12 });
    assert.deepEqual(summarizeNaming({ PascalCase: 2, lowercase: 9 }), { style: 'lowercase', share: 9 / 11, samples: 11 });
    assert.equal(summarizeNaming({ other: 4 }), undefined);
  });

  it('names files by their stem, without test and declaration suffixes', () => {
    assert.equal(fileStem('src/core/code-style.test.ts'), 'code-style');
    assert.equal(fileStem('pkg/http_client_test.go'), 'http_client');
    assert.equal(fileStem('tests/test_batching.py'), 'batching');
    assert.equal(fileStem('InvoiceReader.java'), 'InvoiceReader');
  });
});

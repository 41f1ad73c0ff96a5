import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OpenAICompatibleProvider } from '../models/openai-compatible-provider';
import { startFakeOpenAIServer } from '../models/test-support/fake-openai-server';
import { openTempTwin } from '../test-support/temp-twin';
import type { Twin } from '../twin';
import type { MemoryRecaller } from './memory-recaller';
import { draftReply, identitiesFromConfig, voiceNotes } from './reply-drafter';

const DEPLOY_REPLY = 'Hey Sam, staging deploys need the VPN first, then run make deploy-staging from the billing repo. Cheers, Alex';
const LUNCH_REPLY = 'Sounds good, lunch on Thursday works for me. Cheers, Alex';

async function rememberConversations(twin: Twin): Promise<void> {
  await twin.remember([
    { id: 'me-deploy', text: DEPLOY_REPLY, source: 'slack', author: 'alex', recipients: ['sam'], channel: '#billing' },
    { id: 'me-lunch', text: LUNCH_REPLY, source: 'slack', author: 'alex', recipients: ['priya'] },
    { id: 'me-review', text: 'I left two comments on the pull request about the retry loop, otherwise it looks fine. Cheers, Alex', source: 'slack', author: 'alex' },
    // Someone else's message, even closer in words: never the user's exemplar when identities are known.
    { id: 'priya-deploy', text: 'How do I deploy billing to staging? The deploy keeps failing without the VPN.', source: 'slack', author: 'priya' },
    { id: 'me-email', text: 'Dear Sam, the staging deploy needs the VPN. Best regards, Alex', source: 'email', author: 'alex@example.com' },
  ]);
}

describe('draftReply', () => {
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;

  before(async () => {
    ({ twin, home, cleanup } = await openTempTwin());
    await rememberConversations(twin);
  });
  after(() => cleanup());

  it("offline, re-uses the user's own most similar past reply in that channel, adding no facts", async () => {
    const draft = await draftReply({ incoming: 'Hi Alex, how do I deploy billing to staging? It keeps failing.\n\nThanks, Jo', channel: 'slack', twin, identities: ['alex'] });
    assert.equal(draft.drafter, 'offline');
    assert.equal(draft.provenance.exemplars[0].id, 'me-deploy');
    assert.match(draft.text, /staging deploys need the VPN first, then run make deploy-staging from the billing repo/);
    assert.doesNotMatch(draft.text, /keeps failing without/);
    assert.match(draft.notice!, /Drafted offline/);
    assert.ok(draft.provenance.style.includes('your identities: alex'));
  });

  it('reads the identities from config.json, per channel', () => {
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ identities: { slack: ['alex'], email: ['alex@example.com'] } }));
    try {
      assert.deepEqual(identitiesFromConfig(home, 'email'), ['alex@example.com']);
    } finally {
      fs.rmSync(path.join(home, 'config.json'));
    }
  });

  it('declines honestly when nothing the user wrote is close enough', async () => {
    const draft = await draftReply({ incoming: 'Quarterly tax filing deadline for the Lisbon office?', channel: 'slack', twin, identities: ['nobody-here'] });
    assert.equal(draft.text, '');
    assert.equal(draft.confidence, 0);
    assert.match(draft.notice!, /none of your past replies|no draft/);
  });

  it("with a model, prompts with voice notes, the user's own messages in that channel and relevant memories", async () => {
    const server = await startFakeOpenAIServer({ reply: 'Hey Jo, you need the VPN first. Cheers, Alex' });
    try {
      const provider = new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', maxRetries: 0 }, { env: {} });
      const draft = await draftReply({ incoming: 'How do I deploy billing to staging?', channel: 'slack', audience: 'Jo', twin, identities: ['alex'], provider });
      assert.equal(draft.drafter, 'model');
      assert.equal(draft.text, 'Hey Jo, you need the VPN first. Cheers, Alex');
      const prompt = server.chatRequests[0].body!.messages!.map((message) => message.content).join('\n');
      assert.ok(prompt.includes(DEPLOY_REPLY));
      assert.ok(prompt.includes(LUNCH_REPLY));
      assert.match(prompt, /How they write here:\n- length: about \d+ words/);
      assert.match(prompt, /from Jo/);
      assert.ok(!draft.provenance.exemplars.some((exemplar) => exemplar.id === 'priya-deploy'));
      assert.ok(draft.provenance.memories.some((memory) => memory.id === 'priya-deploy'), 'other memories are context, not exemplars');

      server.script({ status: 500 });
      const fallback = await draftReply({ incoming: 'How do I deploy billing to staging?', channel: 'slack', twin, identities: ['alex'], provider });
      assert.equal(fallback.drafter, 'offline');
      assert.match(fallback.notice!, /^The model failed .*offline draft instead/);
    } finally {
      await server.close();
    }
  });

  it('moves away from an exemplar tied to a rejected draft', async () => {
    const recaller: MemoryRecaller = {
      recall: async () => [
        { memory: { id: 'first', text: 'Yes, merge it after CI passes.', recipients: [], timestamp: 1 } as never, score: 1, why: { similarity: 0.82, relevance: 1, importance: 0.5, recency: 1 } },
        { memory: { id: 'second', text: 'Go ahead and merge once CI is green.', recipients: [], timestamp: 2 } as never, score: 1, why: { similarity: 0.8, relevance: 1, importance: 0.5, recency: 1 } },
      ],
    };
    const before = await draftReply({ incoming: 'Can I merge this?', channel: 'slack', twin: recaller, identities: [] });
    assert.equal(before.provenance.exemplars[0].id, 'first');
    const after = await draftReply({ incoming: 'Can I merge this?', channel: 'slack', twin: recaller, identities: [], feedback: new Map([['first', -0.15]]) });
    assert.equal(after.provenance.exemplars[0].id, 'second');
    assert.equal(after.text, 'Go ahead and merge once CI is green.');
  });
});

describe('draftReply: what a reply may draw on beyond the user’s own messages', () => {
  let twin: Twin;
  let cleanup: () => Promise<void>;
  const MAIL = 'Acme renewal: they will only sign if we drop the price to 40k, confidential until Friday.';
  const SCREEN = 'Acme Corp account dashboard: overdue invoice 2024-117, churn risk high.';
  const BROWSER = 'Acme Corp layoffs rumoured, says industry blog';
  const SLACK_NOTE = 'Acme asked in #support whether the export API supports CSV; Priya is on it.';

  before(async () => {
    ({ twin, cleanup } = await openTempTwin());
    await twin.remember([
      { id: 'me-acme', text: 'Hey, Acme is on the new plan since March, ping Priya for details. Cheers, Alex', source: 'slack', author: 'alex', recipients: ['sam'] },
      { id: 'acme-slack-note', text: SLACK_NOTE, source: 'slack', author: 'priya' },
      { id: 'acme-mail', text: MAIL, source: 'email', author: 'ceo@acme.example' },
      { id: 'acme-screen', text: SCREEN, source: 'screen' },
      { id: 'acme-browser', text: BROWSER, source: 'browser' },
    ]);
  });
  after(() => cleanup());

  it('for Slack, recalls related notes from Slack alone: no mail, screen text or browsing reaches the prompt', async () => {
    const server = await startFakeOpenAIServer({ reply: 'Hey, Acme is on the new plan; Priya knows more. Cheers, Alex' });
    try {
      const provider = new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', maxRetries: 0 }, { env: {} });
      const draft = await draftReply({ incoming: 'What is going on with Acme and their renewal?', channel: 'slack', audience: 'Sam', twin, identities: ['alex'], provider });
      const prompt = server.chatRequests[0].body!.messages!.map((message) => message.content).join('\n');
      assert.ok(prompt.includes(SLACK_NOTE), 'a Slack note about Acme is context');
      for (const outside of [MAIL, SCREEN, BROWSER]) assert.ok(!prompt.includes(outside), `not in a Slack prompt: ${outside}`);
      assert.doesNotMatch(prompt, /\[(email|screen|browser)\]/);
      assert.deepEqual(draft.provenance.memories.map((memory) => memory.id), ['acme-slack-note']);
    } finally {
      await server.close();
    }
  });

  it('for email (always reviewed, never sent by itself), still uses notes from every source', async () => {
    const server = await startFakeOpenAIServer({ reply: 'Dear Sam, about Acme: [placeholder]. Best regards, Alex' });
    try {
      const provider = new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', maxRetries: 0 }, { env: {} });
      const draft = await draftReply({ incoming: 'What is going on with Acme and their renewal?', channel: 'email', audience: 'Sam <sam@example.com>', twin, identities: ['alex@example.com'], provider });
      const prompt = server.chatRequests[0].body!.messages!.map((message) => message.content).join('\n');
      assert.ok(prompt.includes(MAIL), 'the mail about Acme is a note for an email draft');
      assert.ok(draft.provenance.memories.some((memory) => memory.id === 'acme-mail'));
    } finally {
      await server.close();
    }
  });
});

describe('voiceNotes', () => {
  it('measures length, greeting, sign-off and case from the messages', () => {
    const notes = voiceNotes(['hey, looks good\nthanks', 'hey sure, on it\nthanks', 'ok'], 'slack');
    assert.deepEqual(notes, ['length: about 4 words (1–5)', 'opens with a greeting', 'signs off', 'starts in lowercase']);
  });
});

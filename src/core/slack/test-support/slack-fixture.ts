/**
 * A Slack workspace for tests: the user (alex), a bot user (the app), two colleagues with DMs, a channel,
 * and tokens for the recording Web API. Built fresh per suite so tests never share state.
 */
import type { FakeConversation, FakeSlackApiOptions, FakeUser } from './fake-slack-api';

export const USER_ID = 'U0ALEX';
export const BOT_USER_ID = 'U0TWINBOT';
export const BOT_ID = 'B0TWINBOT';
export const USER_TOKEN = 'xoxp-test-user-token';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export const SAM = 'U0SAM';
export const PRIYA = 'U0PRIYA';
export const DM_SAM = 'D0SAM';
export const DM_PRIYA = 'D0PRIYA';
export const BILLING = 'C0BILLING';

export function workspace(conversations: FakeConversation[] = []): FakeSlackApiOptions {
  const users: FakeUser[] = [
    { id: USER_ID, name: 'alex', realName: 'Alex Kim', displayName: 'Alex' },
    { id: SAM, name: 'sam', realName: 'Sam Ortiz', displayName: 'Sam' },
    { id: PRIYA, name: 'priya', realName: 'Priya Nair', displayName: 'Priya' },
    { id: BOT_USER_ID, name: 'twin', realName: 'Twin', isBot: true },
  ];
  return {
    tokens: { [USER_TOKEN]: { userId: USER_ID }, [BOT_TOKEN]: { userId: BOT_USER_ID, botId: BOT_ID } },
    users,
    conversations: [
      { id: DM_SAM, isIm: true, user: SAM, members: [USER_ID, SAM], messages: [] },
      { id: DM_PRIYA, isIm: true, user: PRIYA, members: [USER_ID, PRIYA], messages: [] },
      { id: BILLING, name: 'billing', members: [USER_ID, SAM, PRIYA], messages: [] },
      ...conversations,
    ],
  };
}

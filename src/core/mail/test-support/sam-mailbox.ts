/**
 * One user's mailbox, small enough to reason about in a test: Sam (sam@example.com) writes casually to
 * Anna and Erin at acme.test ("Hi Anna," … "Cheers,\nSam") and formally to Bob at globex.test ("Dear Bob,"
 * … "Kind regards,\nSamuel Jones"). The inbox holds answered and unanswered threads, a newsletter and a
 * no-reply notification, so voice, threads, people and pending replies all have known answers.
 */
import { rfc822, type TestEmail } from './messages';

export const SAM = 'Sam Jones <sam@example.com>';
export const ANNA = 'Anna Berg <anna@acme.test>';
export const ERIN = 'Erin Cho <erin@acme.test>';
export const BOB = 'Bob Stone <bob@globex.test>';

export const IDS = {
  annaReview: 'a1-review@acme.test',
  annaLunch: 'a2-lunch@acme.test',
  bobQuote: 'b1-quote@globex.test',
  bobFollowUp: 'b1-followup@globex.test',
  newsletter: 'n1@lists.test',
  notification: 'gh1@notifications.test',
};

export const SENT: TestEmail[] = [
  {
    from: SAM, to: ANNA, subject: 'Re: Billing PR review', messageId: 's1@example.com', inReplyTo: IDS.annaReview, references: [IDS.annaReview], date: '2026-11-02T10:00:00Z',
    body: 'Hi Anna,\n\nI had a look at the billing PR, the retry loop looks good to me. I left two small comments.\n\nCheers,\nSam\n\nOn Mon, 2 Nov 2026 at 09:00, Anna Berg <anna@acme.test> wrote:\n> Could you review the billing PR today?\n> Thanks, Anna',
  },
  {
    from: SAM, to: ANNA, subject: 'Deploy window', messageId: 's2@example.com', date: '2026-11-03T10:00:00Z',
    body: "Hi Anna,\n\nCan we move the deploy window to Friday? I'd rather not ship on a Thursday.\n\nCheers,\nSam\n-- \nSam Jones | Platform team",
  },
  {
    from: SAM, to: ANNA, subject: 'Standup notes', messageId: 's3@example.com', date: '2026-11-04T10:00:00Z',
    body: "Hi Anna,\n\nThanks for the notes, I've added the staging item to the board.\n\nCheers,\nSam",
  },
  {
    from: SAM, to: ERIN, subject: 'Lunch', messageId: 's4@example.com', date: '2026-11-05T10:00:00Z',
    body: 'Hi Erin,\n\nLunch on Thursday works for me, see you at noon at the usual place.\n\nCheers,\nSam',
  },
  {
    from: SAM, to: BOB, subject: 'Re: Quote for the support contract', messageId: 's5@example.com', inReplyTo: IDS.bobQuote, references: [IDS.bobQuote], date: '2026-11-06T10:00:00Z',
    body: 'Dear Bob,\n\nThank you for the quote. I would appreciate a breakdown of the support hours before we sign.\n\nKind regards,\nSamuel Jones',
  },
  {
    from: SAM, to: BOB, subject: 'Invoice', messageId: 's6@example.com', date: '2026-11-07T10:00:00Z',
    body: 'Dear Bob,\n\nPlease find the signed invoice attached. I would appreciate confirmation of receipt.\n\nKind regards,\nSamuel Jones',
  },
  {
    from: SAM, to: BOB, subject: 'Meeting', messageId: 's7@example.com', date: '2026-11-08T10:00:00Z',
    body: 'Dear Bob,\n\nCould you confirm the meeting on Monday? I would appreciate an agenda in advance.\n\nKind regards,\nSamuel Jones',
  },
];

export const INBOX: TestEmail[] = [
  {
    from: ANNA, to: SAM, subject: 'Billing PR review', messageId: IDS.annaReview, date: '2026-11-02T09:00:00Z',
    body: 'Hi Sam,\n\nCould you review the billing PR today?\n\nThanks, Anna',
  },
  {
    from: ANNA, to: SAM, subject: 'Lunch on Thursday?', messageId: IDS.annaLunch, date: '2026-11-09T09:00:00Z',
    body: 'Hi Sam,\n\nAre we still on for lunch on Thursday at noon?\n\nAnna',
  },
  {
    from: BOB, to: SAM, subject: 'Quote for the support contract', messageId: IDS.bobQuote, date: '2026-11-06T09:00:00Z',
    body: 'Dear Samuel,\n\nPlease find our quote for the support contract.\n\nBest regards,\nBob Stone',
  },
  {
    from: BOB, to: SAM, subject: 'Re: Quote for the support contract', messageId: IDS.bobFollowUp, inReplyTo: 's5@example.com', references: [IDS.bobQuote, 's5@example.com'], date: '2026-11-10T09:00:00Z',
    body: 'Dear Samuel,\n\nThe breakdown of support hours is below. Could you confirm the meeting on Monday to sign?\n\nBest regards,\nBob Stone\n\n> Thank you for the quote.',
  },
  {
    from: 'Weekly Digest <news@lists.test>', to: SAM, subject: 'This week in platform', messageId: IDS.newsletter, date: '2026-11-03T07:00:00Z',
    body: 'Ten links about platform engineering.', headers: { 'List-Unsubscribe': '<https://lists.test/unsubscribe>', Precedence: 'bulk' },
  },
  {
    from: 'CI <noreply@notifications.test>', to: SAM, subject: 'Build failed', messageId: IDS.notification, date: '2026-11-04T07:00:00Z',
    body: 'The build of main failed.',
  },
];

export function rawMessages(emails: TestEmail[]): string[] {
  return emails.map(rfc822);
}

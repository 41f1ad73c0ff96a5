/**
 * What the user sees from the twin in Slack, as Block Kit: the private approval message (the incoming
 * excerpt, the draft, why it was not sent by itself, and "Send as me" / "Edit" / "Dismiss"), the edit
 * modal, the note that replaces the buttons once decided, and the private flag for a message that tried
 * to instruct the twin. Button values carry only the draft id; the draft itself stays in TWIN_HOME.
 */
import { excerpt } from '../drafting/draft';

export const ACTION_SEND = 'twin_send_as_me';
export const ACTION_EDIT = 'twin_edit';
export const ACTION_DISMISS = 'twin_dismiss';
export const EDIT_VIEW = 'twin_edit_reply';
export const EDIT_BLOCK = 'reply_block';
export const EDIT_INPUT = 'reply_input';

type Block = Record<string, unknown>;

export interface ApprovalContent {
  draftId: string;
  conversationLabel: string;
  senderLabel: string;
  incoming: string;
  draft: string;
  confidence: number;
  reasons: string[];
}

/** Slack's limit for a section's text. */
const SECTION_MAX = 3000;

export function approvalBlocks(content: ApprovalContent): Block[] {
  const blocks: Block[] = [
    section(`*${escape(content.senderLabel)}* wrote in ${escape(content.conversationLabel)}:\n>${escape(excerpt(content.incoming, 600)).replace(/\n/g, '\n>')}`),
    content.draft
      ? section(`*Your twin's draft* (confidence ${content.confidence.toFixed(2)}):\n${escape(content.draft)}`)
      : section('*No draft*: nothing you wrote before is close enough to reuse. Write this one yourself with *Edit*.'),
  ];
  if (content.reasons.length) blocks.push(context(`Not sent by itself: ${content.reasons.join('; ')}`));
  const buttons: Block[] = [];
  if (content.draft) buttons.push(button('Send as me', ACTION_SEND, content.draftId, 'primary'));
  buttons.push(button(content.draft ? 'Edit' : 'Write reply', ACTION_EDIT, content.draftId));
  buttons.push(button('Dismiss', ACTION_DISMISS, content.draftId));
  blocks.push({ type: 'actions', block_id: `twin_approval_${content.draftId}`, elements: buttons });
  return blocks;
}

export function approvalFallbackText(content: ApprovalContent): string {
  return `${content.senderLabel} wrote in ${content.conversationLabel}; your twin drafted a reply for you to approve.`;
}

/** Replaces the approval message once the user decided. */
export function decidedBlocks(content: ApprovalContent, outcome: string): Block[] {
  return [
    section(`*${escape(content.senderLabel)}* wrote in ${escape(content.conversationLabel)}:\n>${escape(excerpt(content.incoming, 300)).replace(/\n/g, '\n>')}`),
    context(outcome),
  ];
}

export function editModal(content: ApprovalContent): Block {
  return {
    type: 'modal',
    callback_id: EDIT_VIEW,
    private_metadata: content.draftId,
    title: { type: 'plain_text', text: 'Reply as you' },
    submit: { type: 'plain_text', text: 'Send as me' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      context(`To ${content.senderLabel} in ${content.conversationLabel}`),
      {
        type: 'input',
        block_id: EDIT_BLOCK,
        label: { type: 'plain_text', text: 'Your reply' },
        element: { type: 'plain_text_input', action_id: EDIT_INPUT, multiline: true, ...(content.draft ? { initial_value: content.draft.slice(0, 3000) } : {}) },
      },
    ],
  };
}

export function injectionFlagBlocks(input: { senderLabel: string; conversationLabel: string; incoming: string; reasons: string[] }): Block[] {
  return [
    section(
      `:warning: A message from *${escape(input.senderLabel)}* in ${escape(input.conversationLabel)} tried to instruct your twin. ` +
        'It was not answered and nothing was done; read it yourself:',
    ),
    section(`>${escape(excerpt(input.incoming, 600)).replace(/\n/g, '\n>')}`),
    context(`Why: ${input.reasons.join('; ')}`),
  ];
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: text.length > SECTION_MAX ? `${text.slice(0, SECTION_MAX - 1)}…` : text } };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: text.length > SECTION_MAX ? `${text.slice(0, SECTION_MAX - 1)}…` : text }] };
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Block {
  return { type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value, ...(style ? { style } : {}) };
}

/** Slack's three control characters in mrkdwn. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

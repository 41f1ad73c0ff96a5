/**
 * Builders for the RFC 822 messages tests seed into Dovecot, mbox files and Maildirs: real headers
 * (Message-ID, In-Reply-To, References, List-Unsubscribe), so threading and automation detection are
 * exercised exactly as with a mail client's mail.
 */

export interface TestEmail {
  from: string;
  to: string | string[];
  cc?: string[];
  subject: string;
  body: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** ISO-8601. */
  date: string;
  headers?: Record<string, string>;
}

export function rfc822(email: TestEmail): string {
  const to = Array.isArray(email.to) ? email.to : [email.to];
  const lines = [
    `From: ${email.from}`,
    `To: ${to.join(', ')}`,
    ...(email.cc?.length ? [`Cc: ${email.cc.join(', ')}`] : []),
    `Subject: ${email.subject}`,
    `Date: ${new Date(email.date).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${email.messageId}>`,
    ...(email.inReplyTo ? [`In-Reply-To: <${email.inReplyTo}>`] : []),
    ...(email.references?.length ? [`References: ${email.references.map((id) => `<${id}>`).join(' ')}`] : []),
    ...Object.entries(email.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${email.body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** Messages as one mbox file (mboxrd: body lines starting with "From " are escaped). */
export function mbox(emails: TestEmail[]): string {
  return emails
    .map((email) => {
      const sender = /<([^>]+)>/.exec(email.from)?.[1] ?? email.from;
      const body = rfc822(email).replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1');
      return `From ${sender} ${new Date(email.date).toUTCString()}\n${body}\n`;
    })
    .join('');
}

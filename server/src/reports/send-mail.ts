import { createTransport } from 'nodemailer'
import type { ReportEmail } from './email.ts'

/**
 * Sends one email through the SMTP server of SMTP_URL (a new connection per email: reports go out a
 * few times a month). Resolves with the Message-ID; rejects with nodemailer's error (its message
 * carries the server's answer, e.g. "550 5.1.1 mailbox unavailable") when the server refuses it.
 * The timeouts keep a mail server that stops answering from holding a delivery forever.
 */
export async function sendMail(
  smtp: { url: string; from: string },
  to: string[],
  email: ReportEmail,
): Promise<{ messageId: string | null }> {
  const transport = createTransport({
    url: smtp.url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
  })
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.attachments,
    })
    return { messageId: info.messageId || null }
  } finally {
    transport.close()
  }
}

import { z } from '../model/z';
import { JoinForm } from '@/client/api';
import type { MessageKey } from './messages';

/**
 * An invite as an admin hands it out: a link `<serverUrl>/join#<code>` (the server's address may
 * carry a path prefix: `https://crm.example.com/sidenote/join#SN-…`), or the code alone. Device
 * codes, for a member's second device, come the same two ways.
 */
const InviteLink = z.pipe(
  z.string().check(z.trim()),
  z.transform((text, ctx) => {
    const match = /^(https?:\/\/[^#\s]+?)\/join\/?#([^#\s]+)$/i.exec(text);
    const server = match && z.string().check(z.url()).safeParse(match[1]);
    if (!match || !server?.success) {
      ctx.issues.push({ code: 'custom', message: 'not an invite link', input: text });
      return z.NEVER;
    }
    return { serverUrl: server.data, inviteCode: decodeURIComponent(match[2]!) };
  }),
);

/** What pasting `text` into the invite field means: a link gives the server and the code, a code only itself. */
export function readInvite(text: string): { serverUrl: string | null; inviteCode: string } {
  const link = InviteLink.safeParse(text);
  return link.success ? link.data : { serverUrl: null, inviteCode: text };
}

export type JoinField = keyof JoinForm;

/** The form checked with the background's own schema, each wrong field with what to fix, in words. */
export function checkJoinForm(
  form: JoinForm,
): { ok: true; form: JoinForm } | { ok: false; errors: Partial<Record<JoinField, MessageKey>> } {
  const parsed = JoinForm.safeParse(form);
  if (parsed.success) return { ok: true, form: parsed.data };
  const errors: Partial<Record<JoinField, MessageKey>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as JoinField;
    errors[field] = `join.invalid.${field}`;
  }
  return { ok: false, errors };
}

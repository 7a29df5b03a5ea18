import { describe, expect, it } from 'vitest';
import { checkJoinForm, readInvite } from './invite';

describe('readInvite', () => {
  it('takes the server address and the code from an invite link', () => {
    expect(readInvite('http://127.0.0.1:8787/join#SN-ABCD-EFGH-JKMN')).toEqual({
      serverUrl: 'http://127.0.0.1:8787',
      inviteCode: 'SN-ABCD-EFGH-JKMN',
    });
  });

  it('keeps a path prefix of the server, and forgives spaces around a pasted link', () => {
    expect(readInvite('  https://crm.example.com/sidenote/join#SN-7K3M-Q9XA-0F1Z\n')).toEqual({
      serverUrl: 'https://crm.example.com/sidenote',
      inviteCode: 'SN-7K3M-Q9XA-0F1Z',
    });
  });

  it('leaves a plain code as it is, with no server', () => {
    expect(readInvite('SN-ABCD-EFGH-JKMN')).toEqual({ serverUrl: null, inviteCode: 'SN-ABCD-EFGH-JKMN' });
    expect(readInvite('sn abcd efgh jkmn')).toEqual({ serverUrl: null, inviteCode: 'sn abcd efgh jkmn' });
  });

  it('does not take a link without a code, or to another kind of address, for an invite', () => {
    expect(readInvite('https://crm.example.com/join#')).toEqual({ serverUrl: null, inviteCode: 'https://crm.example.com/join#' });
    expect(readInvite('ftp://crm.example.com/join#SN-1')).toEqual({ serverUrl: null, inviteCode: 'ftp://crm.example.com/join#SN-1' });
    expect(readInvite('https://crm.example.com/joined#SN-1').serverUrl).toBeNull();
  });
});

describe('checkJoinForm', () => {
  const form = { serverUrl: 'https://crm.example.com', inviteCode: 'SN-ABCD-EFGH-JKMN', name: ' 王芳 ', email: 'Wang.Fang@Example.com' };

  it('passes a complete form, tidied as the background will read it', () => {
    expect(checkJoinForm(form)).toEqual({ ok: true, form: { ...form, name: '王芳', email: 'wang.fang@example.com' } });
  });

  it('names each field to fix', () => {
    expect(checkJoinForm({ serverUrl: 'crm.example.com', inviteCode: '', name: '', email: 'wang' })).toEqual({
      ok: false,
      errors: {
        serverUrl: 'join.invalid.serverUrl',
        inviteCode: 'join.invalid.inviteCode',
        name: 'join.invalid.name',
        email: 'join.invalid.email',
      },
    });
  });
});

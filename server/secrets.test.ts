import { describe, expect, it } from 'vitest';
import { canonicalInviteCode, newInviteCode, newToken, sha256Hex } from './secrets';

describe('invite codes', () => {
  it('look like SN-XXXX-XXXX-XXXX in Crockford base32 and differ every time', () => {
    const codes = new Set(Array.from({ length: 200 }, newInviteCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^SN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('survive the ways people type them', () => {
    expect(canonicalInviteCode('SN-7K3M-Q9XA-0F1Z')).toBe('SN-7K3M-Q9XA-0F1Z');
    expect(canonicalInviteCode(' sn 7k3m q9xa of1z ')).toBe('SN-7K3M-Q9XA-0F1Z');
    expect(canonicalInviteCode('7K3MQ9XAOFIZ')).toBe('SN-7K3M-Q9XA-0F1Z');
    expect(canonicalInviteCode('7k3m-q9xa-ofLz')).toBe('SN-7K3M-Q9XA-0F1Z');
  });

  it('reject what cannot be a code', () => {
    for (const typed of ['', 'SN-7K3M-Q9XA', 'SN-7K3M-Q9XA-0F1Z-0000', 'SN-7K3M-Q9XA-0F1U', 'SN-7K3M-Q9XA-0F1!']) {
      expect(canonicalInviteCode(typed), typed).toBeNull();
    }
  });
});

describe('tokens', () => {
  it('are 256 random bits in base64url, stored as SHA-256 hex', () => {
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(token);
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

import { describe, expect, it } from 'vitest';
import { endpoint } from './http';

describe('endpoint', () => {
  it('puts the path on the server at its root', () => {
    expect(endpoint('http://127.0.0.1:8787', '/v1/pull').href).toBe('http://127.0.0.1:8787/v1/pull');
  });

  it('keeps the path prefix a server lives under, with or without a trailing slash', () => {
    expect(endpoint('https://crm.example.com/sidenote', '/v1/join').href).toBe('https://crm.example.com/sidenote/v1/join');
    expect(endpoint('https://crm.example.com/sidenote/', '/v1/pull?cookie=3').href).toBe(
      'https://crm.example.com/sidenote/v1/pull?cookie=3',
    );
  });
});

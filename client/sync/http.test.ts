import { describe, expect, it } from 'vitest';
import { serverEndpoint } from './http';

describe('serverEndpoint', () => {
  it('puts the path on the server at its root', () => {
    expect(serverEndpoint('http://127.0.0.1:8787', '/v1/pull').href).toBe('http://127.0.0.1:8787/v1/pull');
  });

  it('keeps the path prefix a server lives under, with or without a trailing slash', () => {
    expect(serverEndpoint('https://crm.example.com/sidenote', '/v1/join').href).toBe('https://crm.example.com/sidenote/v1/join');
    expect(serverEndpoint('https://crm.example.com/sidenote/', '/v1/pull?cookie=3').href).toBe(
      'https://crm.example.com/sidenote/v1/pull?cookie=3',
    );
  });
});

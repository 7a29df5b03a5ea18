import { describe, expect, it } from 'vitest';
import { DraftStore, remainderAfterSave } from './drafts';

describe('drafts', () => {
  it('keeps what was typed while a note was saving, and only that', () => {
    expect(remainderAfterSave('Quote sent', 'Quote sent')).toBe('');
    expect(remainderAfterSave('  Quote sent  ', 'Quote sent')).toBe('');
    expect(remainderAfterSave('Quote sent\nCall on Friday', 'Quote sent')).toBe('Call on Friday');
    // Changed before the save came back: nothing of it is dropped.
    expect(remainderAfterSave('Quote was sent', 'Quote sent')).toBe('Quote was sent');
  });

  it('keeps one draft per customer, and hands a new customer’s draft on to its id', () => {
    let changes = 0;
    const drafts = new DraftStore(() => changes++);
    drafts.update('c1', { note: 'about Northwind' });
    drafts.update('candidate:email:li.lei@163.com', { note: 'about Li Lei' });
    expect(drafts.get('c1').note).toBe('about Northwind');
    expect(drafts.get('c2').note).toBe('');
    drafts.adopt('candidate:email:li.lei@163.com', 'c3');
    expect(drafts.get('c3').note).toBe('about Li Lei');
    expect(drafts.get('candidate:email:li.lei@163.com').note).toBe('');
    drafts.update('c1', (d) => ({ note: remainderAfterSave(d.note, 'about Northwind') }));
    expect(drafts.get('c1')).toEqual({ note: '', task: null, linkName: null });
    expect(changes).toBe(3);
  });
});

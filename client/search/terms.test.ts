import { describe, expect, it } from 'vitest';
import { fold, matchesIn, parseQuery, partitionOf, termsOf } from './terms';

describe('termsOf', () => {
  it('indexes Chinese by character bigrams and the last character of each run, words in lower case', () => {
    expect([...termsOf('客户要报价 Quote for ACME')].sort()).toEqual(['acme', 'for', 'quote', '价', '客户', '户要', '报价', '要报'].sort());
  });

  it('splits at punctuation (Chinese and Latin) and between scripts', () => {
    expect([...termsOf('华信，报价2000件。')].sort()).toEqual(['2000', '价', '件', '信', '华信', '报价'].sort());
  });

  it('folds full-width letters and digits', () => {
    expect([...termsOf('ＡＢＣ１２３')]).toEqual(['abc123']);
    expect(fold('ＡＢＣ').text).toBe('abc');
  });

  it('keeps characters outside the Basic Multilingual Plane whole', () => {
    expect([...termsOf('𠀋𠀌')].sort()).toEqual(['𠀋𠀌', '𠀌'].sort());
  });
});

describe('partitionOf', () => {
  it('is the first character of a Chinese term, the first two of a word', () => {
    expect(partitionOf('报价')).toBe('报');
    expect(partitionOf('报')).toBe('报');
    expect(partitionOf('quote')).toBe('qu');
    expect(partitionOf('q')).toBe('q');
  });
});

describe('parseQuery', () => {
  it('asks for the bigrams of a Chinese run and words by prefix', () => {
    const q = parseQuery('报价 Quo');
    expect(q.probes).toEqual([
      { part: '报', text: '报价', prefix: false },
      { part: 'qu', text: 'quo', prefix: true },
    ]);
    expect(q.phrases).toEqual(['报价']);
    expect(q.prefixes).toEqual(['quo']);
  });

  it('asks a one-character query of every term starting with it', () => {
    expect(parseQuery('报').probes).toEqual([{ part: '报', text: '报', prefix: true }]);
  });

  it('leaves out one-letter words and asks for the first and last bigram of a run', () => {
    expect(parseQuery('a').probes).toEqual([]);
    expect(parseQuery('合同续签条款第七条').probes.map((p) => p.text)).toEqual(['合同', '七条']);
    expect(parseQuery('合同续签条款第七条').phrases).toEqual(['合同续签条款第七条']);
  });
});

describe('matchesIn', () => {
  it('marks every phrase and word prefix, in the original text', () => {
    const text = 'Sent the QUOTATION: 报价已发，等报价确认';
    expect(matchesIn(text, parseQuery('quot 报价')).map(([s, e]) => text.slice(s, e))).toEqual(['QUOT', '报价', '报价']);
  });

  it('finds nothing when one term is missing (AND)', () => {
    expect(matchesIn('报价已发', parseQuery('报价 contract'))).toEqual([]);
    expect(matchesIn('价报', parseQuery('报价'))).toEqual([]);
  });

  it('matches a word by its start only', () => {
    expect(matchesIn('requote', parseQuery('quote'))).toEqual([]);
  });

  it('maps marks back through full-width text', () => {
    const text = '订单ＡＢＣ１２３已发';
    expect(matchesIn(text, parseQuery('abc')).map(([s, e]) => text.slice(s, e))).toEqual(['ＡＢＣ']);
  });
});

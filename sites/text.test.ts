import { describe, expect, it } from 'vitest';
import { emailsIn, phonesIn } from './text';

describe('emailsIn', () => {
  it('finds addresses in running text, once each', () => {
    expect(emailsIn('Write to Joan.Miller@Northwind-Traders.com or sales@acme.co.uk; joan.miller@northwind-traders.com again')).toEqual([
      'joan.miller@northwind-traders.com',
      'sales@acme.co.uk',
    ]);
  });
});

describe('phonesIn', () => {
  it('finds Chinese mobiles, landlines and international numbers', () => {
    expect(phonesIn('手机 138 0013 8000，座机 021-62345678，海外 +1 (415) 555-0100')).toEqual([
      '138 0013 8000',
      '021-62345678',
      '+1 (415) 555-0100',
    ]);
    expect(phonesIn('+86 139-1234-5678')).toEqual(['+86 139-1234-5678']);
  });
  it('ignores order numbers and dates', () => {
    expect(phonesIn('订单号 2026112900123，日期 2026-11-29')).toEqual([]);
  });
});

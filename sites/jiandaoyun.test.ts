// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { jiandaoyun, jiandaoyunRecord } from './jiandaoyun';

/** Puts a fixture page into the test document, as the browser would have parsed it. */
function show(name: string): void {
  document.open();
  document.write(readFileSync(join(import.meta.dirname, '../tests/fixtures/jiandaoyun', name), 'utf8'));
  document.close();
}

const APP = '5f1a2b3c4d5e6f7a8b9c0d1e';
const FORM = '5f1a2b3c4d5e6f7a8b9c0d2f';
const DATA = '64a1b2c3d4e5f60718293a4b';
const LIST = `https://www.jiandaoyun.com/dashboard#/app/${APP}/form/${FORM}`;
const RECORD = `https://www.jiandaoyun.com/dashboard/app/${APP}/form/${FORM}/data/${DATA}`;
const detect = (href: string) => jiandaoyun.detect(document, new URL(href));

beforeEach(() => show('customer-record.html'));

describe('jiandaoyunRecord', () => {
  it('reads the form and record ids from paths and hash routes', () => {
    expect(jiandaoyunRecord(new URL(RECORD))).toEqual({ system: 'jiandaoyun', objectType: FORM, id: DATA });
    expect(jiandaoyunRecord(new URL(`https://www.jiandaoyun.com/dashboard#/app/${APP}/form/${FORM}/data/${DATA}`))?.id).toBe(DATA);
    expect(jiandaoyunRecord(new URL(`https://www.jiandaoyun.com/app/${APP}/entry/${FORM}/data/${DATA}`))?.objectType).toBe(FORM);
  });
  it('names no record on app and list routes', () => {
    expect(jiandaoyunRecord(new URL(LIST))).toBeNull();
    expect(jiandaoyunRecord(new URL(`https://www.jiandaoyun.com/dashboard#/app/${APP}`))).toBeNull();
  });
});

describe('jiandaoyun.detect', () => {
  it('reads the open record only: addresses, mobiles, landlines and the company name', () => {
    expect(detect(LIST)).toEqual({
      site: 'jiandaoyun',
      url: LIST,
      title: '上海明远贸易有限公司',
      people: [
        { email: 'zhang.wei@mingyuan-trade.cn', name: '张伟' },
        { email: 'li.na@mingyuan-trade.cn', name: '' },
      ],
      selfEmails: [],
      companies: ['上海明远贸易有限公司'],
      phones: ['138 0013 8000', '021-62345678', '13912345679'],
      crm: null,
      layout: 'recognised',
      view: 'record',
      missing: [],
    });
  });

  it('ignores a hidden modal wherever it sits in the page', () => {
    document.body.append(document.querySelector('.form-modal[style]')!);
    expect(detect(LIST).companies).toEqual(['上海明远贸易有限公司']);
  });

  it('carries the record id when the URL names it', () => {
    expect(detect(RECORD).crm).toEqual({ system: 'jiandaoyun', objectType: FORM, id: DATA });
  });

  it('finds the company by a field alias when the label says nothing', () => {
    const field = document.querySelector('.form-modal[aria-label] [data-widgetname="_widget_1600000000001"]')!;
    field.setAttribute('data-widgetname', 'company');
    field.querySelector('.label-title')!.textContent = '名称';
    expect(detect(LIST).companies).toEqual(['上海明远贸易有限公司']);
  });

  it('reads the record on top when a second dialog opens over it', () => {
    const top = document.createElement('div');
    top.setAttribute('role', 'dialog');
    const field = document.createElement('div');
    field.setAttribute('data-widgetname', '_widget_1700000000001');
    const label = document.createElement('label');
    label.textContent = '单位名称';
    const value = document.createElement('span');
    value.textContent = '深圳明道电子有限公司';
    field.append(label, value);
    top.append(field);
    document.body.append(top);
    document.querySelector('.form-modal[aria-label]')!.classList.remove('form-modal');
    expect(detect(LIST)).toMatchObject({ companies: ['深圳明道电子有限公司'], people: [], phones: [], layout: 'recognised' });
  });

  it('is idle on the list with no record open, never reading the list or hidden templates', () => {
    document.querySelector('.form-modal[aria-label]')!.remove();
    expect(detect(LIST)).toMatchObject({ people: [], phones: [], companies: [], layout: 'idle' });
  });

  it('says unrecognised when the record shows nothing it can read', () => {
    for (const value of document.querySelectorAll('.form-modal[aria-label] .widget-content')) value.textContent = '—';
    expect(detect(RECORD)).toMatchObject({ people: [], phones: [], companies: [], layout: 'unrecognised' });
  });

  it('says unrecognised on a record URL whose record is not shown', () => {
    document.querySelector('.form-modal[aria-label]')!.remove();
    expect(detect(RECORD)).toMatchObject({ layout: 'unrecognised', crm: { id: DATA } });
  });
});

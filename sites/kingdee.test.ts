// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { kingdee } from './kingdee';

/** Puts a fixture page into the test document, as the browser would have parsed it. */
function show(name: string): void {
  document.open();
  document.write(readFileSync(join(import.meta.dirname, '../tests/fixtures/kingdee', name), 'utf8'));
  document.close();
}

const CLIENT = 'https://mingdao.ik3cloud.com/k3cloud/html5/Index.aspx';
const detect = (href = CLIENT) => kingdee.detect(document, new URL(href));
const activePanel = () => document.querySelector('[role="tabpanel"][aria-hidden="false"]')!;

beforeEach(() => show('customer-form.html'));

describe('kingdee.detect', () => {
  it('reads the customer form in the active tab: name, number, phones and contacts', () => {
    expect(detect()).toEqual({
      site: 'kingdee',
      url: CLIENT,
      title: '苏州恒达精密机械有限公司',
      people: [{ email: 'wang.lei@hengda-precision.com', name: '' }],
      selfEmails: [],
      companies: ['苏州恒达精密机械有限公司'],
      phones: ['0512-66881234', '13812345678'],
      crm: { system: 'kingdee', objectType: 'BD_Customer', id: 'CUST0001' },
      layout: 'recognised',
      view: 'form',
      missing: [],
    });
  });

  it('knows a customer form by its tab title when no form id is in the page', () => {
    activePanel().removeAttribute('data-formid');
    expect(detect('https://mingdao.ik3cloud.com/K3Cloud/HTML5/index.aspx').crm).toEqual({
      system: 'kingdee',
      objectType: 'BD_Customer',
      id: 'CUST0001',
    });
  });

  it('reads another form without a record id, taking its 客户名称 as the company', () => {
    const panel = activePanel();
    panel.removeAttribute('data-formid');
    document.querySelector('[role="tab"][aria-selected="true"]')!.textContent = '销售订单 - 修改';
    panel.querySelector('label')!.textContent = '客户名称';
    expect(detect()).toMatchObject({ crm: null, companies: ['明道集团'], people: [{ email: 'wang.lei@hengda-precision.com' }] });
  });

  it('follows the active tab when another one is shown', () => {
    activePanel().setAttribute('hidden', '');
    const list = document.querySelectorAll('[role="tabpanel"]')[1] as HTMLElement;
    list.style.display = '';
    const [, listTab, formTab] = document.querySelectorAll('[role="tab"]');
    formTab!.setAttribute('aria-selected', 'false');
    listTab!.setAttribute('aria-selected', 'true');
    expect(detect()).toMatchObject({ title: '客户列表', people: [], companies: [], phones: ['0571-88886666', '010-66668888'], crm: null });
  });

  it('says unrecognised when the open tab shows nothing to read', () => {
    activePanel().replaceChildren();
    expect(detect()).toMatchObject({ people: [], phones: [], companies: [], crm: null, layout: 'unrecognised' });
  });

  it('is idle off the HTML5 client', () => {
    expect(detect('https://mingdao.ik3cloud.com/k3cloud/login.aspx')).toMatchObject({ layout: 'idle', people: [] });
  });
});

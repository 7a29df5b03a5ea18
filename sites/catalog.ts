/**
 * Every site adapter, with the selectors this build ships: what a team's selector file may
 * override (`<site>.<key>`). The server checks a published file against it; content scripts never
 * import it (each loads its own adapter only).
 */
import { aliyun } from './aliyun';
import { generic } from './generic';
import { gmail } from './gmail';
import { hubspot } from './hubspot';
import { jiandaoyun } from './jiandaoyun';
import { kingdee } from './kingdee';
import { netease } from './netease';
import { outlook } from './outlook';
import { pipedrive } from './pipedrive';
import { qqmail } from './qqmail';
import { salesforce } from './salesforce';
import type { SelectorTable } from './selectors';
import type { SiteAdapter } from './types';
import { zoho } from './zoho';

export const ADAPTERS: readonly SiteAdapter[] = [
  gmail,
  outlook,
  qqmail,
  netease,
  aliyun,
  salesforce,
  hubspot,
  zoho,
  pipedrive,
  jiandaoyun,
  kingdee,
  generic,
];

/** Site name → its built-in selectors by key. */
export const SELECTOR_CATALOG: Readonly<Record<string, SelectorTable>> = Object.fromEntries(
  ADAPTERS.map((adapter) => [adapter.site, adapter.selectors.builtIn]),
);

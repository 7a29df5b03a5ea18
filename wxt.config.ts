import { defineConfig } from 'wxt';
import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { LOCALES, localeMessages, type LocaleFolder, type LocaleMessage } from './components/locale-files';

/** The extension's id in Firefox: stable, so its storage and granted permissions survive updates. */
const FIREFOX_ID = '{7d1c3b0e-5a4f-4c52-9b8e-3f0b6c2d9a71}';

export default defineConfig({
  // Firefox too: WXT would build MV2 for it otherwise.
  manifestVersion: 3,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // Every UI string goes into _locales, beside the extension's own entries: pages read their
    // language's strings from the browser (components/i18n.ts) instead of carrying both.
    'build:publicAssets': (_wxt, files) => {
      files.forEach((file, i) => {
        const folder = /^_locales\/(\w+)\/messages\.json$/.exec(file.relativeDest)?.[1];
        if (!folder || !('absoluteSrc' in file)) return;
        if (!(folder in LOCALES)) throw new Error(`public/_locales/${folder} has no dictionary in components/locale-files.ts`);
        const own = JSON.parse(readFileSync(file.absoluteSrc, 'utf8')) as Record<string, LocaleMessage>;
        files[i] = { relativeDest: file.relativeDest, contents: JSON.stringify(localeMessages(folder as LocaleFolder, own)) };
      });
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms', 'notifications', 'scripting', 'activeTab'],
    // Any other site runs Sidenote only after the user turns it on there (popup).
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Framed only by our content scripts: a dynamic URL (a fresh id per browser session) means a
    // page cannot detect Sidenote, nor frame the sidebar, by guessing its address.
    web_accessible_resources: [{ resources: ['sidebar.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
    // A named command, handled by the background (client/background.ts), which tells the tab's
    // content script to toggle its sidebar; users can rebind it at chrome://extensions/shortcuts.
    commands: {
      'toggle-sidebar': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_cmdToggleSidebar__' },
    },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: FIREFOX_ID,
          // The first release that reads data_collection_permissions.
          strict_min_version: '140.0',
          // What leaves the browser, to the team's own server: the names and addresses of the
          // customers on screen (read from the page) and what members write about them.
          data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
        },
        // Firefox for Android reads the declaration from 142 on.
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});

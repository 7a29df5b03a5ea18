import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: {
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
  },
});

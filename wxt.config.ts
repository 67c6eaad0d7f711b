import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// WXT 0.20.27 is the newest release that runs on Node 20 (0.21 needs Node 22).
export default defineConfig({
  imports: false,
  // Manifest V3 for Firefox too (WXT would default to V2 there): one manifest shape for both browsers, and one
  // non-persistent background lifecycle (a service worker in Chromium, an event page in Firefox) that costs no memory
  // while idle and is tested the same way. See README, "Firefox".
  manifestVersion: 3,
  // The client asked for webextension-polyfill: one promise-based `browser` for Chrome and Firefox.
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    // English is the fallback for every browser language other than French (see public/_locales).
    default_locale: 'en',
    // Every permission is justified in docs/permissions.md.
    permissions: ['webRequest', 'storage', 'alarms'],
    host_permissions: ['<all_urls>'],
    action: { default_title: '__MSG_extName__' },
    // The DSI's policy (collector, tokens, team, role, grid, retention, reporting default): public/managed_schema.json.
    // Firefox has no managed schema (it takes the policy from policies.json "3rdparty" as is).
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'empreinte@lemans-metropole.invalid',
              // The Firefox the browser tests run against (Debian's firefox-esr); older releases are untested.
              strict_min_version: '153.0',
              // Nothing leaves the device by default; the weekly report of anonymous counts is opt-in, and Firefox
              // asks the person for it as "technical and interaction data" (docs/permissions.md).
              data_collection_permissions: { required: ['none'], optional: ['technicalAndInteraction'] },
            },
          },
        }
      : {}),
  }),
});

/*
 * Guards seeds/services.json, the catalogue of known services that classifies traffic on the device (video,
 * visio, generative AI, trackers, cloud storage, webmail), and the hostname matching built on it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { categoryOf, serviceOf } from '../../../lib/tips/catalogue';
import type { ServicesSeed } from '../../../lib/tips/types';

function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8')) as T;
}

const seed = readJson<ServicesSeed>('../../../seeds/services.json');
const schema = readJson<object>('../../../seeds/services.schema.json');
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const domains = seed.services.map((service) => service.domain);

const CATEGORIES = ['video', 'visio', 'genai', 'tracker', 'cloud_storage', 'webmail'];

/** Services the issue names, with the category each must have. */
const REQUIRED: Record<string, string> = {
  'youtube.com': 'video',
  'googlevideo.com': 'video',
  'dailymotion.com': 'video',
  'vimeo.com': 'video',
  'twitch.tv': 'video',
  'netflix.com': 'video',
  'zoom.us': 'visio',
  'teams.microsoft.com': 'visio',
  'meet.google.com': 'visio',
  'webex.com': 'visio',
  'whereby.com': 'visio',
  'meet.jit.si': 'visio',
  'chatgpt.com': 'genai',
  'chat.openai.com': 'genai',
  'claude.ai': 'genai',
  'gemini.google.com': 'genai',
  'copilot.microsoft.com': 'genai',
  'perplexity.ai': 'genai',
  'chat.mistral.ai': 'genai',
  'doubleclick.net': 'tracker',
  'google-analytics.com': 'tracker',
  'googletagmanager.com': 'tracker',
  'facebook.net': 'tracker',
  'hotjar.com': 'tracker',
};

/*
 * Domains that host many unrelated things. Listing one would classify everything under it (a Google search
 * as generative AI, a SharePoint intranet as cloud storage): only their specific hosts may be listed.
 */
const TOO_BROAD = [
  'google.com', 'microsoft.com', 'live.com', 'office.com', 'office365.com', 'sharepoint.com', 'amazon.com',
  'apple.com', 'icloud.com', 'openai.com', 'facebook.com', 'bing.com', 'yahoo.com', 'gouv.fr',
  'numerique.gouv.fr', 'free.fr', 'infomaniak.com', 'tiktok.com.cn',
];

describe('seeds/services.json', () => {
  it('validates against seeds/services.schema.json', () => {
    const ok = validate(seed);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each([
    ['an unknown category', { domain: 'example.com', category: 'social', name: 'X' }],
    ['a URL instead of a domain', { domain: 'https://example.com', category: 'video', name: 'X' }],
    ['an upper-case domain', { domain: 'YouTube.com', category: 'video', name: 'X' }],
    ['a leading dot', { domain: '.example.com', category: 'video', name: 'X' }],
    ['a missing name', { domain: 'example.com', category: 'video' }],
    ['an extra property', { domain: 'example.com', category: 'video', name: 'X', url: 'x' }],
  ])('the schema rejects %s', (_label, entry) => {
    const copy = structuredClone(seed) as unknown as { services: unknown[] };
    copy.services.push(entry);
    expect(validate(copy)).toBe(false);
  });

  it('is sorted by domain with no duplicates', () => {
    // Plain code-unit order, the same in every locale, so the file's order never depends on the machine.
    const sorted = [...domains].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(domains).toEqual(sorted);
    expect(new Set(domains).size).toBe(domains.length);
  });

  it('uses only the six categories, each with several services', () => {
    for (const service of seed.services) expect(CATEGORIES, service.domain).toContain(service.category);
    for (const category of CATEGORIES) {
      expect(seed.services.filter((s) => s.category === category).length, category).toBeGreaterThanOrEqual(5);
    }
  });

  it('lists the services the issue names, in the right category', () => {
    for (const [domain, category] of Object.entries(REQUIRED)) {
      expect(seed.services.find((s) => s.domain === domain)?.category, domain).toBe(category);
    }
  });

  it('never lists a multi-purpose parent domain', () => {
    for (const domain of TOO_BROAD) expect(domains, domain).not.toContain(domain);
  });

  it('has no entry made redundant by a parent domain of the same category', () => {
    for (const service of seed.services) {
      const parent = seed.services.find((other) => service.domain.endsWith(`.${other.domain}`));
      if (parent) expect(parent.category, `${service.domain} under ${parent.domain}`).not.toBe(service.category);
    }
  });
});

describe('serviceOf', () => {
  it.each([
    ['rr3---sn-xyz.googlevideo.com', 'googlevideo.com', 'video'],
    ['www.youtube.com', 'youtube.com', 'video'],
    ['youtube.com', 'youtube.com', 'video'],
    ['m.youtube.com', 'youtube.com', 'video'],
    ['video-edge-abc.fra02.hls.ttvnw.net', 'ttvnw.net', 'video'],
    ['us02web.zoom.us', 'zoom.us', 'visio'],
    ['teams.microsoft.com', 'teams.microsoft.com', 'visio'],
    ['meet.jit.si', 'meet.jit.si', 'visio'],
    ['chatgpt.com', 'chatgpt.com', 'genai'],
    ['chat.mistral.ai', 'chat.mistral.ai', 'genai'],
    ['gemini.google.com', 'gemini.google.com', 'genai'],
    ['stats.g.doubleclick.net', 'doubleclick.net', 'tracker'],
    ['www.google-analytics.com', 'google-analytics.com', 'tracker'],
    ['connect.facebook.net', 'facebook.net', 'tracker'],
    ['mail.google.com', 'mail.google.com', 'webmail'],
    ['drive.google.com', 'drive.google.com', 'cloud_storage'],
    ['ucd1234.dl.dropboxusercontent.com', 'dropboxusercontent.com', 'cloud_storage'],
  ])('%s is %s (%s)', (hostname, domain, category) => {
    const service = serviceOf(hostname);
    expect(service?.domain).toBe(domain);
    expect(service?.category).toBe(category);
    expect(categoryOf(hostname)).toBe(category);
  });

  it('normalises case, a trailing dot and a port', () => {
    expect(serviceOf('WWW.YouTube.COM')?.domain).toBe('youtube.com');
    expect(serviceOf('www.youtube.com.')?.domain).toBe('youtube.com');
    expect(serviceOf('zoom.us:443')?.domain).toBe('zoom.us');
  });

  it.each([
    ['notyoutube.com', 'a label that merely ends like a listed domain'],
    ['youtube.com.evil.example', 'a listed domain used as a subdomain elsewhere'],
    ['www.google.com', 'a multi-purpose parent of listed hosts'],
    ['docs.google.com', 'a sibling of listed hosts'],
    ['microsoft.com', 'the parent of listed hosts'],
    ['lemans.fr', 'an unknown site'],
    ['com', 'a bare top-level domain'],
    ['', 'an empty string'],
    ['[2001:db8::1]', 'an IPv6 literal'],
    ['192.0.2.10', 'an IPv4 literal'],
    ['https://www.youtube.com/watch', 'a URL rather than a hostname'],
  ])('%s is not a known service (%s)', (hostname) => {
    expect(serviceOf(hostname)).toBeUndefined();
    expect(categoryOf(hostname)).toBeUndefined();
  });

  it('finds every listed domain and every subdomain of it', () => {
    for (const service of seed.services) {
      expect(serviceOf(service.domain)?.domain).toBe(service.domain);
      expect(serviceOf(`a-b.c1.${service.domain}`)?.domain).toBe(service.domain);
    }
  });
});

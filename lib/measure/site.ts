/*
 * First or third party is decided on the "site" (registrable domain). The full Public Suffix List weighs about
 * 200 KB, as much as the whole extension should; this keeps the common multi-label public suffixes instead, which
 * gives the right answer for the sites agents use (gouv.fr, co.uk...). An unlisted suffix makes two subdomains of
 * a shared host look first-party to each other: the breakdown is approximate there, the total is not affected.
 */
const MULTI_LABEL_SUFFIXES = new Set([
  'gouv.fr', 'asso.fr', 'nom.fr', 'presse.fr', 'tm.fr', 'com.fr', 'co.uk', 'org.uk', 'gov.uk', 'ac.uk',
  'com.au', 'net.au', 'org.au', 'co.jp', 'co.nz', 'com.br', 'co.in', 'com.cn', 'co.za', 'com.mx', 'com.tr',
  'github.io', 'gitlab.io', 'netlify.app', 'vercel.app', 'pages.dev', 'web.app', 'firebaseapp.com',
  'herokuapp.com', 'blogspot.com', 'azurewebsites.net', 'cloudfront.net', 'appspot.com',
]);

/** The registrable domain of a hostname (approximate, see above); IP addresses and single labels are their own site. */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return host;
  const labels = host.split('.');
  const lastTwo = labels.slice(-2).join('.');
  if (labels.length >= 3 && MULTI_LABEL_SUFFIXES.has(lastTwo)) return labels.slice(-3).join('.');
  return lastTwo;
}

/** Site of a URL, or '' for URLs without a host (data:, blob:, about:). */
export function siteOfUrl(url: string): string {
  try {
    const { hostname } = new URL(url);
    return hostname ? siteOf(hostname.replace(/^\[|\]$/g, '')) : '';
  } catch {
    return '';
  }
}

export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/**
 * The only script of the collector's pages, inlined and allowed by its hash in the Content-Security-Policy.
 *
 * Why a script at all: the pages are protected by the same bearer tokens as the API, and a token must never travel
 * in a URL (it would land in the browser history, the proxy's access log and Referer headers). So the token is
 * typed into a form, kept in sessionStorage (this tab only, gone when it closes), and sent as an Authorization
 * header when fetching the server-rendered part of the page (/dashboard/view, /team/view), the CSV export and the
 * forms' JSON posts. Everything shown is rendered on the server; this script only moves HTML and JSON around.
 *
 * Plain ES2020 in a string: it is not bundled, and it must not contain a backtick or "</script".
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var TOKEN = 'empreinte-collector-token';
  var TEAM = 'empreinte-collector-team';
  var html = document.documentElement;
  var page = document.body.getAttribute('data-page');
  var $ = function (id) { return document.getElementById(id); };
  var status = $('status');
  var content = $('content');
  var signin = $('signin');
  var signout = $('signout');
  var query = new URLSearchParams();

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? 'status error' : 'status';
  }
  function token() { return sessionStorage.getItem(TOKEN); }
  function api(url, init) {
    init = init || {};
    var headers = Object.assign({}, init.headers || {}, { Authorization: 'Bearer ' + token() });
    return fetch(url, Object.assign({}, init, { headers: headers, cache: 'no-store', credentials: 'omit' }));
  }
  function reasonOf(res) {
    return res.json().then(function (b) { return (b && b.message) || String(res.status); }, function () { return String(res.status); });
  }
  function signedOut() {
    signin.hidden = false;
    signout.hidden = true;
    content.replaceChildren();
  }
  function load(focus) {
    if (!token()) { signedOut(); return Promise.resolve(); }
    var q = new URLSearchParams(query);
    q.set('lang', html.lang);
    if (page === 'team') q.set('team', sessionStorage.getItem(TEAM) || '');
    say(html.getAttribute('data-loading'));
    return api('/' + page + '/view?' + q.toString()).then(function (res) {
      if (res.status === 401 || res.status === 403) {
        sessionStorage.removeItem(TOKEN);
        signedOut();
        return reasonOf(res).then(function (m) { say(m, true); $('token').focus(); });
      }
      if (!res.ok) return reasonOf(res).then(function (m) { say(m, true); });
      return res.text().then(function (text) {
        content.innerHTML = text;
        signin.hidden = true;
        signout.hidden = false;
        say(html.getAttribute('data-loaded'));
        var heading = content.querySelector('h2');
        if (focus && heading) { heading.tabIndex = -1; heading.focus(); }
      });
    }, function () { say(html.getAttribute('data-offline'), true); });
  }

  $('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN, $('token').value.trim());
    $('token').value = '';
    if (page === 'team') sessionStorage.setItem(TEAM, $('team').value.trim());
    load(true);
  });
  signout.addEventListener('click', function () {
    sessionStorage.removeItem(TOKEN);
    signedOut();
    say(html.getAttribute('data-signedout'));
    $('token').focus();
  });

  content.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    event.preventDefault();
    var kind = form.getAttribute('data-kind');
    if (kind === 'view') {
      query = new URLSearchParams();
      new FormData(form).forEach(function (value, key) { if (value) query.set(key, String(value)); });
      load(true);
      return;
    }
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.type === 'checkbox') { if (el.checked) body[el.name] = true; return; }
      if (el.value === '') return;
      body[el.name] = el.type === 'number' ? Number(el.value) : el.value;
    });
    var url = form.getAttribute('action');
    if (kind === 'team-token') {
      url = url.replace('{team}', encodeURIComponent(body.team || ''));
      delete body.team;
    }
    api(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(function (res) {
      if (!res.ok) return reasonOf(res).then(function (m) { say(m, true); });
      if (kind === 'team-token') {
        return res.json().then(function (b) {
          var out = form.querySelector('[data-token]');
          out.textContent = b.token;
          out.parentElement.hidden = false;
          say(form.getAttribute('data-done'));
        });
      }
      say(form.getAttribute('data-done'));
      return load(false);
    }, function () { say(html.getAttribute('data-offline'), true); });
  });

  content.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[data-download]') : null;
    if (!link) return;
    event.preventDefault();
    api(link.getAttribute('href')).then(function (res) {
      if (!res.ok) return reasonOf(res).then(function (m) { say(m, true); });
      return res.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = document.createElement('a');
        a.href = url;
        a.download = link.getAttribute('data-download');
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      });
    });
  });

  if (page === 'team' && sessionStorage.getItem(TEAM)) $('team').value = sessionStorage.getItem(TEAM);
  load(false);
})();`;

/** System fonts, no external asset; colours checked for 4.5:1 (text) and 3:1 (chart lines) on white. */
export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --accent: #1f5f99; --error: #a4161a; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; }
header { display: flex; justify-content: space-between; align-items: center; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); }
header p { margin: 0; font-weight: 600; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; } h3 { font-size: 1.1rem; }
form { margin: .75rem 0; }
fieldset { border: 1px solid var(--line); padding: .75rem 1rem; }
label { display: block; font-weight: 600; margin-top: .5rem; }
label.inline { display: inline; font-weight: normal; }
input, select, button { font: inherit; padding: .35rem .5rem; }
input, select { border: 1px solid #6b6b6b; border-radius: 3px; }
button { margin-top: .75rem; background: var(--accent); color: #fff; border: 0; border-radius: 3px; padding: .45rem 1rem; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
.help { color: var(--muted); font-size: .92rem; margin: .25rem 0; }
.status { min-height: 1.5rem; font-weight: 600; }
.status.error { color: var(--error); }
.row { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: end; }
table { border-collapse: collapse; margin: .75rem 0; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th.week { white-space: nowrap; }
.hidden-figure { color: var(--muted); font-style: italic; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .75rem; }
dl.figures div { border: 1px solid var(--line); border-radius: 4px; padding: .5rem .75rem; }
dl.figures dt { font-size: .92rem; color: var(--muted); } dl.figures dd { margin: 0; font-size: 1.35rem; font-weight: 600; }
svg.chart { width: 100%; height: auto; max-width: 48rem; display: block; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; }
ul.legend svg { vertical-align: middle; margin-right: .35rem; }
code.token { display: inline-block; padding: .25rem .5rem; background: #f1f1f1; word-break: break-all; }
`;

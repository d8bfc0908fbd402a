#!/usr/bin/env node
// Browser tests of built protokoll sites, in Debian's Chromium driven by playwright-core.
//
//   node tests/browser/run.mjs <site-dir> [<site-dir> …]
//
// Each argument is a built site (the output of `protokoll build`); tests/browser.rs builds the
// example archive in Swedish and English and calls this. Each site is served by a tiny HTTP
// server on 127.0.0.1 under a sub-path: the path of the site's `base_url` when it points at
// 127.0.0.1 (so the 404 page, which links through base_url, is tested at any depth), otherwise
// /arkiv/protokoll/ (sv) or /archive/minutes/ (en) on a free port, and what the browser asks of
// the real base_url is answered from the built files. See README.md beside this file.
//
// Checks (each one line in the summary; the run fails when any fails):
//   axe        axe-core, WCAG 2.0/2.1 A and AA, on one page of every kind (the largest), light and dark,
//              and on every protocol in light
//   vnu        the Nu Html Checker over every HTML file (and CSS, SVG): zero errors (warnings listed)
//   walk       home → body → protocol → year → protocol → § → person → organisation → back, back
//   keyboard   Tab focuses the skip link first, Enter moves focus to <main>; every focusable element
//              shows a visible focus indicator (outline or box-shadow that differs from unfocused)
//   404        a missing page at depth answers 404 with the styled 404 page
//   file       the site opened from file:// : click from the home page through to a person
//   search     type a query on the search page, expect the library §; axe on the results; the
//              header's search box (PENDING, not failing, while a build has no search page)
//   weight     every page's HTML + the CSS/JS it references < 100 kB (search index shards excepted)
//   cls        no layout shift (CLS < 0.01) on every page, and on the largest protocol (CPU 4× slower)
//   hygiene    on every page: no console error, no failed request, no request to another origin
//   every page every page at phone width: loads cleanly, a visible <h1>, no sideways scrolling,
//              a footer link to the accessibility statement
// Screenshots of every kind of page at phone and desktop widths go to tests/output/screenshots/.
//
// Environment: CHROMIUM (default /usr/bin/chromium), JAVA (default java), BROWSER_OUTPUT (default
// tests/output), BROWSER_TIMEOUT_S (the whole run; default 300), BROWSER_ONLY (a comma-separated
// list of check names to run, e.g. `axe,keyboard`).
//
// Never downloads anything: no `npx playwright install`; Chromium comes from Debian.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const started = Date.now();

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const JAVA = process.env.JAVA || 'java';
const OUTPUT = path.resolve(process.env.BROWSER_OUTPUT || path.join(here, '..', 'output'));
const SCREENSHOTS = path.join(OUTPUT, 'screenshots');
// BROWSER_ONLY=axe,walk runs only the checks whose names start so (while fixing something).
const ONLY = process.env.BROWSER_ONLY ? process.env.BROWSER_ONLY.split(',').map((s) => s.trim()) : null;
const TOTAL_TIMEOUT_MS = Number(process.env.BROWSER_TIMEOUT_S || 300) * 1000;
const WEIGHT_BUDGET = 100_000; // bytes of HTML + CSS + JS, before compression
const CLS_BUDGET = 0.01;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { width: 390, height: 844 };
const DARK_SHOTS = ['home', 'protocol', 'person', 'decisions-year', 'search'];
const DESKTOP = { width: 1280, height: 900 };
// Search index shards are loaded on demand and are not part of a page's weight.
const SHARD = /(^|\/)(shards?|search-index|sok-index)(\/|[-_.])|shard/i;
// Every kind of page a site has (the `page-<kind>` class of <body>); `search` once search lands.
const KINDS = [
  'home', 'body', 'protocol', 'person', 'people', 'organisation', 'organisations',
  'tag', 'tags', 'year', 'decisions', 'not-found', 'accessibility',
];
const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// The whole run stops by itself, with what it started (the browser is closed by playwright-core
// when this process exits).
const children = new Set();
const watchdog = setTimeout(() => {
  for (const c of children) c.kill('SIGKILL');
  console.error(`browser tests: gave up after ${TOTAL_TIMEOUT_MS / 1000} s (BROWSER_TIMEOUT_S)`);
  process.exit(3);
}, TOTAL_TIMEOUT_MS);
watchdog.unref();

// ---------------------------------------------------------------------------------------
// Results

const results = []; // { name, problems: string[], notes: string[], status: 'pass'|'fail'|'pending' }

function record(name, problems, notes = [], status) {
  results.push({ name, problems, notes, status: status || (problems.length ? 'fail' : 'pass') });
}

async function check(name, fn) {
  if (ONLY && !ONLY.some((o) => name.startsWith(o))) return;
  const problems = [];
  const notes = [];
  const t0 = Date.now();
  let status;
  try {
    status = await fn(problems, notes);
  } catch (e) {
    problems.push(`threw: ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n    ') : e}`);
  }
  notes.push(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
  record(name, problems, notes, status === 'pending' && !problems.length ? 'pending' : undefined);
}

const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

// ---------------------------------------------------------------------------------------
// The sites

const siteDirs = process.argv.slice(2).map((d) => path.resolve(d));
if (!siteDirs.length) {
  console.error('usage: node tests/browser/run.mjs <built-site-dir> [<built-site-dir> …]');
  process.exit(2);
}

function walkFiles(dir, base = dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, base, out);
    else if (e.isFile()) out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out.sort();
}

/** What the tests need to know about a built site. */
function describeSite(dir) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}: no index.html (not a built site)`);
  const files = walkFiles(dir);
  const html = files.filter((f) => f.endsWith('.html'));
  const home = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const lang = (home.match(/<html lang="([^"]+)"/) || [])[1] || 'sv';
  const sv = lang === 'sv';
  // Where to serve it: base_url, as the 404 page shows it.
  let port = 0;
  let mount = sv ? '/arkiv/protokoll/' : '/archive/minutes/';
  let hasBase = false;
  let mapFrom = null;
  const nf = path.join(dir, '404.html');
  if (fs.existsSync(nf)) {
    const css = (fs.readFileSync(nf, 'utf8').match(/<link rel="stylesheet" href="([^"]+)"/) || [])[1] || '';
    if (/^[a-z]+:/i.test(css)) {
      const u = new URL(css);
      hasBase = true;
      if (u.protocol === 'http:' && u.hostname === '127.0.0.1') {
        port = Number(u.port);
        mount = u.pathname.replace(/assets\/style\.css$/, '');
      } else {
        // Elsewhere (the example's https://protokoll.example.se/): the browser gets what is
        // asked of base_url from the built files instead, as if the site were deployed there.
        mapFrom = css.replace(/assets\/style\.css$/, '');
      }
    }
  }
  // Pages by kind, from <body class="page-<kind>">.
  const byKind = new Map();
  for (const f of html) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const kind = (text.match(/<body class="page-([a-z-]+)/) || [])[1];
    if (!kind) continue;
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind).push({ path: f, size: Buffer.byteLength(text) });
  }
  const dirs = sv
    ? { people: 'personer', orgs: 'organisationer', years: 'ar', search: 'sok.html', a11y: 'tillganglighet.html' }
    : { people: 'people', orgs: 'organisations', years: 'years', search: 'search.html', a11y: 'accessibility.html' };
  return { dir, files, html, lang, sv, port, mount, hasBase, mapFrom, byKind, dirs };
}

/** One page of each kind to test: the largest (most content, most to get wrong); for the
 * decision register both its index and its largest year. */
function pagesToTest(site) {
  const out = [];
  const kinds = [...KINDS];
  if (site.byKind.has('search') || fs.existsSync(path.join(site.dir, site.dirs.search))) kinds.push('search');
  for (const kind of kinds) {
    const pages = [...(site.byKind.get(kind) || [])].sort((a, b) => b.size - a.size);
    if (kind === 'search' && !pages.length) {
      out.push({ kind, path: site.dirs.search });
      continue;
    }
    if (!pages.length) {
      out.push({ kind, path: null });
      continue;
    }
    if (kind === 'decisions') {
      const index = pages.find((p) => p.path.endsWith('/index.html'));
      const year = pages.find((p) => !p.path.endsWith('/index.html'));
      if (index) out.push({ kind: 'decisions-index', path: index.path });
      if (year) out.push({ kind: 'decisions-year', path: year.path });
      continue;
    }
    out.push({ kind, path: pages[0].path });
    // Protocols differ most (confidential paragraphs, tables, votes): axe sees them all, in light.
    if (kind === 'protocol') for (const p of pages.slice(1)) out.push({ kind, path: p.path, extra: true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The server: the built site under a sub-path, 127.0.0.1 only, 404.html for what is missing.

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

function serve(site) {
  const root = fs.realpathSync(site.dir);
  const server = http.createServer((req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed');
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!url.pathname.startsWith(site.mount)) return send(404, 'text/plain', 'outside the site');
    let rel;
    try {
      rel = decodeURIComponent(url.pathname.slice(site.mount.length));
    } catch {
      return send(400, 'text/plain', 'bad path');
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return send(404, 'text/plain', 'outside the site');
    fs.readFile(file, (err, data) => {
      if (!err) return send(200, TYPES[path.extname(file)] || 'application/octet-stream', data);
      fs.readFile(path.join(root, '404.html'), (err2, page) =>
        err2 ? send(404, 'text/plain', 'not found') : send(404, TYPES['.html'], page),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(site.port, '127.0.0.1', () => {
      const { port } = server.address();
      site.origin = `http://127.0.0.1:${port}`;
      site.base = `${site.origin}${site.mount}`;
      resolve(server);
    });
  });
}

// ---------------------------------------------------------------------------------------
// The browser, with guards on every page

const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser;

/** Counts a layout shift from the first paint on: read with `window.__cls`. */
const CLS_SCRIPT = `
  window.__cls = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) {}
`;

/**
 * A new browser context whose pages may only load from `allowed` (URL prefixes): anything
 * else is aborted and reported, as are console errors, page errors, failed requests and
 * error responses (unless `expectStatus` allows them).
 */
async function guardedContext(problems, allowed, options = {}) {
  const mapFrom = options.site?.mapFrom;
  const context = await browser.newContext({
    viewport: options.viewport || DESKTOP,
    colorScheme: options.colorScheme || 'light',
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const seen = { requests: 0, foreign: 0 };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    seen.requests += 1;
    if (allowed.some((a) => url.startsWith(a)) || url.startsWith('data:') || url === 'about:blank') {
      return route.continue();
    }
    if (mapFrom && url.startsWith(mapFrom)) {
      let rel = decodeURIComponent(url.slice(mapFrom.length).split(/[?#]/)[0]);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(options.site.dir, rel);
      const inside = file.startsWith(options.site.dir + path.sep) && fs.existsSync(file);
      return inside
        ? route.fulfill({ path: file })
        : route.fulfill({ status: 404, path: path.join(options.site.dir, '404.html') });
    }
    seen.foreign += 1;
    problems.push(`request to another origin: ${url} (from ${route.request().frame()?.url() || '?'})`);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(CLS_SCRIPT);
  context.on('page', (page) => guardPage(page, problems, allowed, options));
  context.seen = seen;
  return context;
}

function guardPage(page, problems, allowed, options) {
  const where = () => page.url().replace(/^.*?\/\/[^/]*/, '');
  page.on('console', (msg) => {
    // The browser logs an expected error status (the 404 page) as a console error too.
    const expected = (options.expectStatus || []).some((s) => msg.text().includes(`status of ${s} `));
    if (msg.type() === 'error' && !expected) problems.push(`console error on ${where()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`script error on ${where()}: ${err.message}`));
  page.on('requestfailed', (req) => {
    const url = req.url();
    if (!allowed.some((a) => url.startsWith(a))) return; // reported by the route
    // Cancelled because the page navigated on (a favicon still loading when a link is followed).
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed on ${where()}: ${url} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    const ok = res.status() < 400 || (options.expectStatus || []).includes(res.status());
    if (!ok) problems.push(`HTTP ${res.status()} on ${where()}: ${res.url()}`);
  });
}

async function visibleHeading(page, problems, label, text) {
  const h1 = page.locator('h1').first();
  if (!(await h1.isVisible())) {
    problems.push(`${label}: no visible <h1> on ${page.url()}`);
    return '';
  }
  // textContent: CSS may change the case of what is shown (text-transform).
  const got = (await h1.textContent()).replace(/\s+/g, ' ').trim();
  if (text && !got.toLowerCase().includes(text.toLowerCase())) problems.push(`${label}: the <h1> is "${got}", expected it to contain "${text}"`);
  return got;
}

async function expectUrl(page, problems, label, expected) {
  const url = page.url();
  const ok = expected instanceof RegExp ? expected.test(url) : url === expected;
  if (!ok) problems.push(`${label}: at ${url}, expected ${expected}`);
  return ok;
}

/** Clicks a link and waits for the navigation it causes. */
async function follow(page, locator, label, problems) {
  const link = page.locator(locator).first();
  if (!(await link.count())) {
    problems.push(`${label}: no link ${locator} on ${page.url()}`);
    return null;
  }
  const text = (await link.textContent()).replace(/\s+/g, ' ').trim();
  await Promise.all([page.waitForLoadState('load'), link.click()]);
  await page.waitForLoadState('load');
  return text;
}

async function cls(page, settle = 150) {
  // Two frames after load (and a moment), so late shifts (fonts, images) are counted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  if (settle) await page.waitForTimeout(settle);
  return page.evaluate(() => window.__cls || 0);
}

// ---------------------------------------------------------------------------------------
// The checks

async function checkAxe(site, pages, problems, notes) {
  const allowed = [site.origin + '/'];
  let runs = 0;
  for (const colorScheme of ['light', 'dark']) {
    const context = await guardedContext(problems, allowed, { site, colorScheme });
    const page = await context.newPage();
    for (const p of pages) {
      if (!p.path) {
        problems.push(`${site.lang}: no page of kind "${p.kind}" in the build`);
        continue;
      }
      if (!fs.existsSync(path.join(site.dir, p.path))) continue; // search, pending
      if (p.extra && colorScheme === 'dark') continue;
      await page.goto(site.base + p.path, { waitUntil: 'load' });
      await visibleHeading(page, problems, `${site.lang} ${p.kind}`);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        AXE_TAGS,
      );
      runs += 1;
      for (const v of result.violations) {
        const targets = v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ');
        const detail = v.nodes[0]?.failureSummary?.split('\n').slice(1, 2).join(' ').trim() || '';
        problems.push(
          `${site.lang} ${p.kind} (${colorScheme}) ${p.path}: ${v.id} [${v.impact}] ${v.help}; ` +
            `${v.nodes.length} element(s): ${targets}${detail ? ` — ${detail}` : ''}`,
        );
      }
    }
    await context.close();
  }
  notes.push(`${runs} pages checked`);
}

async function checkWalk(site, problems, notes) {
  const allowed = [site.origin + '/'];
  const context = await guardedContext(problems, allowed, { site });
  const page = await context.newPage();
  const b = site.base;
  const L = site.lang;
  const body = 'kultur-och-fritidsnamnden';
  const meeting = `${body}/2020-09-22.html`;

  await page.goto(b + 'index.html');
  await expectUrl(page, problems, `${L} home`, b + 'index.html');
  await visibleHeading(page, problems, `${L} home`);

  const bodyName = await follow(page, `main a[href="${body}/index.html"]`, `${L} home → body`, problems);
  await expectUrl(page, problems, `${L} body`, b + `${body}/index.html`);
  await visibleHeading(page, problems, `${L} body`, bodyName);

  await follow(page, `main a.meeting-link[href$="/2020-09-22.html"]`, `${L} body → protocol`, problems);
  await expectUrl(page, problems, `${L} protocol`, b + meeting);
  await visibleHeading(page, problems, `${L} protocol`, bodyName);

  await follow(page, `.breadcrumbs a[href="../${site.dirs.years}/2020.html"]`, `${L} protocol → year`, problems);
  await expectUrl(page, problems, `${L} year`, b + `${site.dirs.years}/2020.html`);
  await visibleHeading(page, problems, `${L} year`, '2020');

  await follow(page, `main a[href="../${meeting}"]`, `${L} year → protocol`, problems);
  await expectUrl(page, problems, `${L} protocol`, b + meeting);

  // The table of contents jumps to § 2; its heading is then on screen.
  await follow(page, `.toc a[href="#p2"]`, `${L} contents → § 2`, problems);
  await expectUrl(page, problems, `${L} § 2`, b + meeting + '#p2');
  const heading = page.locator('#p2-title');
  if (!(await heading.isVisible())) problems.push(`${L} § 2: its heading is not visible`);
  else {
    const box = await heading.boundingBox();
    const vh = page.viewportSize().height;
    if (!box || box.y < -1 || box.y > vh - 20) problems.push(`${L} § 2: heading not scrolled into view (y = ${box?.y})`);
  }

  const chair = await follow(page, `.facts a[href^="../${site.dirs.people}/"]`, `${L} protocol → person`, problems);
  await expectUrl(page, problems, `${L} person`, new RegExp(`^${escapeRe(b + site.dirs.people)}/[a-z0-9-]+\\.html$`));
  await visibleHeading(page, problems, `${L} person`, chair);
  const personUrl = page.url();

  const org = await follow(page, `.page-head a[href^="../${site.dirs.orgs}/"]`, `${L} person → organisation`, problems);
  await expectUrl(page, problems, `${L} organisation`, new RegExp(`^${escapeRe(b + site.dirs.orgs)}/[a-z0-9-]+\\.html$`));
  await visibleHeading(page, problems, `${L} organisation`, org);

  await page.goBack({ waitUntil: 'load' });
  await expectUrl(page, problems, `${L} back → person`, personUrl);
  await visibleHeading(page, problems, `${L} back → person`, chair);
  await page.goBack({ waitUntil: 'load' });
  await expectUrl(page, problems, `${L} back → § 2`, b + meeting + '#p2');
  await visibleHeading(page, problems, `${L} back → protocol`, bodyName);
  notes.push(`${L}: ${bodyName} → 2020 → § 2 → ${chair} → ${org} → back`);
  await context.close();
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Keyboard: skip link first, Enter to <main>, and a visible focus indicator everywhere. */
async function checkKeyboard(site, problems, notes) {
  const allowed = [site.origin + '/'];
  const L = site.lang;
  let checked = 0;
  for (const rel of ['index.html', 'kultur-och-fritidsnamnden/2020-09-22.html', `${site.dirs.people}/index.html`]) {
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await guardedContext(problems, allowed, { site, viewport });
      const page = await context.newPage();
      await page.goto(site.base + rel);
      const label = `${L} ${rel} @${viewport.width}`;
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        return {
          skip: el.classList.contains('skip-link'),
          href: el.getAttribute('href'),
          onScreen: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight,
        };
      });
      if (!first.skip) problems.push(`${label}: the first Tab focuses ${first.href ?? 'something else'}, not the skip link`);
      else if (!first.onScreen) problems.push(`${label}: the focused skip link is not visible on screen`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash === '#main', null, { timeout: 3000 }).catch(() => {});
      const inMain = await page.evaluate(() => document.activeElement?.id === 'main');
      if (!inMain) problems.push(`${label}: Enter on the skip link does not move focus to <main>`);
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => !!document.activeElement?.closest('main'));
      if (!next) problems.push(`${label}: after skipping, Tab does not go to the content`);

      // Every focusable element from the top, focused by Tab, against itself unfocused.
      await page.goto(site.base + rel);
      const seen = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate((i) => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          if (el.dataset.tabSeen) return { again: true };
          el.dataset.tabSeen = String(i);
          const r = el.getBoundingClientRect();
          const look = (e) => {
            const s = getComputedStyle(e);
            return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor].join(' ');
          };
          const chain = [el, el.parentElement, el.parentElement?.parentElement].filter(Boolean);
          return {
            i,
            name: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.innerText || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`,
            visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
            styles: chain.map(look),
          };
        }, i);
        if (!info) break;
        if (info.again) break; // wrapped around
        seen.push(info);
      }
      await page.evaluate(() => document.activeElement?.blur());
      const unfocused = await page.evaluate(() =>
        [...document.querySelectorAll('[data-tab-seen]')].map((el) => {
          const look = (e) => {
            const s = getComputedStyle(e);
            return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor].join(' ');
          };
          const chain = [el, el.parentElement, el.parentElement?.parentElement].filter(Boolean);
          return { i: Number(el.dataset.tabSeen), styles: chain.map(look) };
        }),
      );
      for (const f of seen) {
        const u = unfocused.find((x) => x.i === f.i);
        if (!f.visible) problems.push(`${label}: focused ${f.name} is not on screen`);
        if (u && f.styles.every((s, k) => s === u.styles[k])) {
          problems.push(`${label}: focus on ${f.name} is not visible (no outline, shadow or colour change)`);
        }
      }
      checked += seen.length;
      await context.close();
    }
  }
  notes.push(`${checked} focus stops checked`);
}

async function checkNotFound(site, problems, notes) {
  if (!site.hasBase) {
    notes.push('site built without base_url: the 404 page is checked at the top level only');
  }
  const allowed = [site.origin + '/'];
  const context = await guardedContext(problems, allowed, { site, expectStatus: [404] });
  const page = await context.newPage();
  const depth = site.hasBase ? 'no/such/page.html' : 'no-such-page.html';
  const res = await page.goto(site.base + depth);
  if (res.status() !== 404) problems.push(`${site.lang}: a missing page answered ${res.status()}, not 404`);
  await visibleHeading(page, problems, `${site.lang} 404`);
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position);
  if (styled !== 'absolute') problems.push(`${site.lang}: the 404 page at ${depth} is not styled (its CSS did not load)`);
  const home = await follow(page, 'main a.button', `${site.lang} 404 → home`, problems);
  await expectUrl(page, problems, `${site.lang} 404 → home`, (site.mapFrom || site.base) + 'index.html');
  notes.push(`${site.lang}: /${depth} → 404, "${home}" → home`);
  await context.close();
}

async function checkFile(site, problems, notes) {
  const root = pathToFileURL(site.dir).href + '/';
  const context = await guardedContext(problems, [root]);
  const page = await context.newPage();
  const L = site.lang;
  const styled = async (label) => {
    const pos = await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position);
    if (pos !== 'absolute') problems.push(`${label}: the stylesheet did not load from file://`);
  };
  await page.goto(root + 'index.html');
  await visibleHeading(page, problems, `${L} file:// home`);
  await styled(`${L} file:// home`);
  const trail = [];
  const bodyName = await follow(page, 'main .card a', `${L} file:// home → body`, problems);
  await expectUrl(page, problems, `${L} file:// body`, new RegExp(`^${escapeRe(root)}[a-z0-9-]+/index\\.html$`));
  await visibleHeading(page, problems, `${L} file:// body`, bodyName);
  trail.push(bodyName);
  await follow(page, 'main a.meeting-link', `${L} file:// body → protocol`, problems);
  await expectUrl(page, problems, `${L} file:// protocol`, new RegExp(`^${escapeRe(root)}[a-z0-9-]+/\\d{4}-\\d{2}-\\d{2}\\.html$`));
  await visibleHeading(page, problems, `${L} file:// protocol`, bodyName);
  await styled(`${L} file:// protocol`);
  trail.push(page.url().slice(root.length));
  const person = await follow(page, `main a[href^="../${site.dirs.people}/"]`, `${L} file:// protocol → person`, problems);
  await visibleHeading(page, problems, `${L} file:// person`, person);
  trail.push(person);
  await follow(page, '.breadcrumbs a', `${L} file:// person → home`, problems);
  await expectUrl(page, problems, `${L} file:// home again`, root + 'index.html');
  // Every section in the header opens from file:// too.
  const sections = await page.locator('.nav-sections a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of sections) {
    await page.goto(new URL(href, root).href);
    await visibleHeading(page, problems, `${L} file:// ${href}`);
  }
  notes.push(`${L}: ${trail.join(' → ')}; ${sections.length} sections`);
  await context.close();
}

/**
 * Search (the search issue): type a query on the search page, expect the § of the
 * kultur-och-fritidsnämnden protocol about the library in Kinna. PENDING until search lands:
 * while the build has no search page this check reports "pending" and does not fail.
 */
async function checkSearch(site, problems, notes) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(site.dir, site.dirs.search);
  if (!fs.existsSync(file)) {
    notes.push(`PENDING: no ${site.dirs.search} in the build yet (search issue); this test runs once it lands`);
    return 'pending';
  }
  const expected = /kultur-och-fritidsnamnden\/2020-09-22\.html#p\d+$/;
  const run = async (base, allowed, label) => {
    const context = await guardedContext(problems, allowed, { site });
    const page = await context.newPage();
    await page.goto(base + site.dirs.search);
    await visibleHeading(page, problems, `${label} search page`);
    const q = page.locator('#q');
    await q.fill('biblioteket');
    await q.press('Enter').catch(() => {});
    const hit = page.locator('#results a').filter({ hasText: /bibliotek/i });
    await hit.first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
    const hrefs = await page.locator('#results a').evaluateAll((as) => as.map((a) => a.href));
    if (!hrefs.some((h) => expected.test(h))) {
      problems.push(`${label}: searching "biblioteket" gave no link to the library § (${hrefs.slice(0, 5).join(', ') || 'no results'})`);
    }
    const status = await page.locator('#search-status, [aria-live]').first().innerText().catch(() => '');
    if (!status.trim()) problems.push(`${label}: the aria-live status says nothing after a search`);
    if (label.endsWith('http')) {
      // The results are made by script: check them with axe and take their picture too.
      for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
        await page.setViewportSize(viewport);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${site.lang}-search-results-${name}.png`), fullPage: true });
      }
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        AXE_TAGS,
      );
      for (const v of result.violations) {
        problems.push(`${label} search results: ${v.id} [${v.impact}] ${v.help}; ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
      }
      await page.setViewportSize(DESKTOP);
    }
    // The header's search box, from another page.
    await page.goto(base + 'index.html');
    const box = page.locator('header form[role="search"] input').first();
    if (!(await box.count())) problems.push(`${label}: no <form role="search"> in the header`);
    else {
      await box.fill('bibliotek');
      await Promise.all([page.waitForLoadState('load'), box.press('Enter')]);
      await page.locator('#results a').first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
      const got = await page.locator('#results a').evaluateAll((as) => as.map((a) => a.href));
      if (!got.some((h) => expected.test(h))) problems.push(`${label}: the header search for "bibliotek" did not find the library §`);
    }
    notes.push(`${label}: ${hrefs.length} result links for "biblioteket"`);
    await context.close();
  };
  await run(site.base, [site.origin + '/'], `${site.lang} http`);
  const root = pathToFileURL(site.dir).href + '/';
  await run(root, [root], `${site.lang} file://`);
}

async function screenshots(site, pages, problems, notes) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const allowed = [site.origin + '/'];
  let n = 0;
  for (const [name, viewport, colorScheme] of [
    ['phone', PHONE, 'light'],
    ['desktop', DESKTOP, 'light'],
    ['desktop-dark', DESKTOP, 'dark'],
  ]) {
    const context = await guardedContext(problems, allowed, { site, viewport, colorScheme });
    const page = await context.newPage();
    for (const p of pages) {
      if (!p.path || p.extra || !fs.existsSync(path.join(site.dir, p.path))) continue;
      // Dark mode: axe checks its contrast everywhere; pictures of a few kinds are enough.
      if (colorScheme === 'dark' && !DARK_SHOTS.includes(p.kind)) continue;
      await page.goto(site.base + p.path);
      // Nothing may stick out sideways: a page wider than the screen scrolls sideways on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      if (overflow > 1) problems.push(`${site.lang} ${p.kind} @${viewport.width}: the page is ${overflow}px wider than the screen`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${site.lang}-${p.kind}-${name}.png`), fullPage: true });
      n += 1;
    }
    await context.close();
  }
  notes.push(`${n} screenshots in ${path.relative(process.cwd(), SCREENSHOTS) || SCREENSHOTS}`);
}

/**
 * Every page of the site at phone width: it loads cleanly (the guards), has a visible <h1>,
 * does not scroll sideways (WCAG 1.4.10 reflow) and does not shift while loading.
 */
async function checkEveryPage(site, problems, notes, clsSeen) {
  const allowed = [site.origin + '/'];
  const context = await guardedContext(problems, allowed, { site, viewport: PHONE });
  const page = await context.newPage();
  for (const f of site.html) {
    await page.goto(site.base + f, { waitUntil: 'load' });
    await visibleHeading(page, problems, `${site.lang} ${f}`);
    // DIGG: the accessibility statement is reachable from every page.
    if (!(await page.locator(`footer a[href$="${site.dirs.a11y}"]`).count())) {
      problems.push(`${site.lang} ${f}: no link to the accessibility statement (${site.dirs.a11y}) in the footer`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    if (overflow > 1) {
      const culprit = await page.evaluate(() => {
        const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1);
        const e = wide[0];
        return e ? `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''}` : '?';
      });
      problems.push(`${site.lang} ${f} @${PHONE.width}: scrolls sideways by ${overflow}px (first too wide: ${culprit})`);
    }
    clsSeen.push({ label: `${site.lang} ${f}`, value: await cls(page, 0) });
  }
  notes.push(`${site.html.length} pages at ${PHONE.width}×${PHONE.height}`);
  await context.close();
}

/** HTML + the CSS and JS it references, per page, before compression. */
function checkWeight(site, problems, notes) {
  const rows = [];
  for (const f of site.html) {
    const text = fs.readFileSync(path.join(site.dir, f), 'utf8');
    let total = Buffer.byteLength(text);
    const refs = new Set();
    for (const m of text.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<script\b[^>]*\bsrc="([^"]+)"/g)) {
      const href = (m[1] || m[2]).split(/[?#]/)[0];
      if (/^[a-z]+:/i.test(href)) continue; // absolute: the 404 page's base_url links, same files
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), href));
      if (SHARD.test(target)) continue;
      refs.add(target);
    }
    if (f === '404.html') refs.add('assets/style.css');
    for (const r of refs) {
      const p = path.join(site.dir, r);
      if (fs.existsSync(p)) total += fs.statSync(p).size;
      else problems.push(`${site.lang} ${f}: references ${r}, which is not in the build`);
    }
    rows.push({ f, total });
    if (total >= WEIGHT_BUDGET) problems.push(`${site.lang} ${f}: ${kb(total)} of HTML+CSS+JS (budget ${kb(WEIGHT_BUDGET)})`);
  }
  rows.sort((a, b) => b.total - a.total);
  const median = rows[Math.floor(rows.length / 2)]?.total || 0;
  notes.push(
    `${site.lang}: ${rows.length} pages, heaviest ${rows.slice(0, 3).map((r) => `${r.f} ${kb(r.total)}`).join(', ')}; median ${kb(median)}`,
  );
}

async function checkLargestProtocol(site, problems, notes) {
  const largest = [...(site.byKind.get('protocol') || [])].sort((a, b) => b.size - a.size)[0];
  if (!largest) return;
  const allowed = [site.origin + '/'];
  for (const viewport of [PHONE, DESKTOP]) {
    const context = await guardedContext(problems, allowed, { site, viewport });
    const page = await context.newPage();
    // Slow the CPU so that anything arriving late would move the page while it is seen.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(site.base + largest.path, { waitUntil: 'load' });
    const value = await cls(page);
    notes.push(`${site.lang} ${largest.path} @${viewport.width}: CLS ${value.toFixed(4)}`);
    if (value >= CLS_BUDGET) problems.push(`${site.lang} ${largest.path} @${viewport.width}: layout shift ${value.toFixed(4)} ≥ ${CLS_BUDGET}`);
    await context.close();
  }
}

function runVnu(sites) {
  return new Promise((resolve) => {
    const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
    const args = [
      '-Xss4m', '-jar', jar, '--format', 'json', '--skip-non-html', '--also-check-css', '--also-check-svg',
      ...sites.map((s) => s.dir),
    ];
    const child = spawn(JAVA, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ error: `cannot run ${JAVA}: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (signal) return resolve({ error: `vnu stopped by ${signal} (timeout)` });
      try {
        resolve({ messages: JSON.parse(err || out || '{"messages":[]}').messages, code });
      } catch {
        resolve({ error: `vnu exited ${code}: ${(err || out).slice(0, 2000)}` });
      }
    });
  });
}

function checkVnu(result, sites, problems, notes) {
  if (result.error) {
    problems.push(result.error);
    return;
  }
  const short = (url) => {
    // vnu writes file:/tmp/x, Node file:///tmp/x.
    const p = url?.startsWith('file:') ? fileURLToPath(url.replace(/^file:\/*/, 'file:///')) : url;
    for (const s of sites) {
      if (p?.startsWith(s.dir + path.sep)) return `${s.lang} ${path.relative(s.dir, p).split(path.sep).join('/')}`;
    }
    return url;
  };
  let warnings = 0;
  const warned = new Map();
  for (const m of result.messages) {
    const where = `${short(m.url)}${m.lastLine ? `:${m.lastLine}` : ''}`;
    const extract = m.extract ? ` — ${JSON.stringify(m.extract.trim().slice(0, 80))}` : '';
    if (m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal') {
      problems.push(`${where}: ${m.message}${extract}`);
    } else if (m.subType === 'warning') {
      warnings += 1;
      const w = warned.get(m.message) || [];
      w.push(short(m.url));
      warned.set(m.message, w);
    }
  }
  const files = sites.reduce((n, s) => n + s.html.length, 0);
  notes.push(`${files} HTML files (and the CSS and SVG), ${warnings} warnings`);
  for (const [msg, where] of warned) {
    notes.push(`warning ×${where.length}: ${msg} (${where.slice(0, 4).join(', ')}${where.length > 4 ? ', …' : ''})`);
  }
}

// ---------------------------------------------------------------------------------------

async function main() {
  const sites = siteDirs.map(describeSite);
  const servers = [];
  for (const s of sites) servers.push(await serve(s));
  for (const s of sites) {
    const mapped = s.mapFrom ? `; its base_url ${s.mapFrom} is answered from the build` : '';
    console.log(`browser tests: ${s.lang} ${s.base} (${s.html.length} pages)${mapped}`);
  }
  // In the background, while the browser works.
  const vnu = !ONLY || ONLY.some((o) => 'vnu'.startsWith(o)) ? runVnu(sites) : Promise.resolve({ messages: [] });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 30_000 });
  try {
    const clsSeen = [];
    // The sites side by side: the browser waits on pages much of the time.
    await Promise.all(sites.map(async (site) => {
      const pages = pagesToTest(site);
      await check(`axe (${site.lang})`, (p, n) => checkAxe(site, pages, p, n));
      await check(`every page (${site.lang})`, (p, n) => checkEveryPage(site, p, n, clsSeen));
      await check(`walk (${site.lang})`, (p, n) => checkWalk(site, p, n));
      await check(`keyboard (${site.lang})`, (p, n) => checkKeyboard(site, p, n));
      await check(`404 (${site.lang})`, (p, n) => checkNotFound(site, p, n));
      await check(`file (${site.lang})`, (p, n) => checkFile(site, p, n));
      await check(`search (${site.lang})`, (p, n) => checkSearch(site, p, n));
      await check(`screenshots (${site.lang})`, (p, n) => screenshots(site, pages, p, n));
      await check(`weight (${site.lang})`, async (p, n) => checkWeight(site, p, n));
      await check(`cls (${site.lang})`, (p, n) => checkLargestProtocol(site, p, n));
    }));
    await check('cls (every page)', async (p, n) => {
      const worst = [...clsSeen].sort((a, b) => b.value - a.value);
      for (const c of worst) if (c.value >= CLS_BUDGET) p.push(`${c.label}: layout shift ${c.value.toFixed(4)}`);
      n.push(`${clsSeen.length} pages, worst ${worst[0] ? `${worst[0].label} ${worst[0].value.toFixed(4)}` : '-'}`);
    });
    await check('vnu (Nu Html Checker)', async (p, n) => checkVnu(await vnu, sites, p, n));
  } finally {
    await browser.close().catch(() => {});
    for (const s of servers) s.close();
  }

  // The report.
  let failed = 0;
  let passed = 0;
  let pending = 0;
  results.sort((a, b) => a.name.localeCompare(b.name));
  for (const r of results) {
    const mark = r.status === 'pass' ? 'ok     ' : r.status === 'pending' ? 'PENDING' : 'FAILED ';
    console.log(`${mark} ${r.name}${r.notes.length ? ` — ${r.notes[0]}` : ''}`);
    for (const n of r.notes.slice(1)) console.log(`          ${n}`);
    for (const p of r.problems.slice(0, 60)) console.log(`          ✗ ${p}`);
    if (r.problems.length > 60) console.log(`          … and ${r.problems.length - 60} more`);
    if (r.status === 'fail') failed += 1;
    else if (r.status === 'pending') pending += 1;
    else passed += 1;
  }
  console.log(`browser tests finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`browser: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`browser tests: ${err && err.stack ? err.stack : err}`);
    process.exit(2);
  },
);

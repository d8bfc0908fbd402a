// `protokoll serve` in a real browser: the live-reload script and the diagnostics overlay.
// Run by tests/serve.rs (`serve::live_reload_and_overlay_in_a_browser`), which starts the
// server on a copy of tests/sites/basic and passes:
//
//   node tests/browser/serve.mjs URL_OF_A_PROTOCOL_PAGE PATH_OF_ITS_FILE
//
// It opens the page, then edits the file as a secretary would:
//   1. a front matter key made of markup: the overlay shows the diagnostic as text (no element,
//      no script runs), and can be dismissed;
//   2. the file restored: the page reloads and the overlay is gone;
//   3. a § title changed: the page reloads by itself and shows it.
// Prints what failed and exits 1, or exits 0. Stops itself after 60 s.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [url, file] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
setTimeout(() => { console.error('serve.mjs: timed out'); process.exit(1); }, 60_000).unref();

const save = (text) => {
  // As many editors save: a temporary file renamed over the original.
  const tmp = file.replace(/([^/]+)$/, '.$1.tmp');
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
};

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const original = fs.readFileSync(file, 'utf8');

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  timeout: 30_000,
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.protokollServe === 'live', null, { timeout: 10_000 });
  check(await page.locator('#protokoll-serve-overlay').count() === 0, 'no overlay on a clean site');

  // 1. A problem whose text is markup.
  save(original.replace('status: adjusted', 'status: adjusted\n"<img src=x onerror=window.__pwned=1>": ja'));
  const overlay = page.locator('#protokoll-serve-overlay');
  await overlay.waitFor({ timeout: 10_000 });
  const text = await overlay.innerText();
  check(text.includes('unknown-key'), `the overlay names the rule: ${text}`);
  check(text.includes('<img src=x onerror=window.__pwned=1>'), `the key is shown as text: ${text}`);
  check(/content\/testradet\/2020-10-19\.md:\d+:\d+/.test(text), `file:line:column: ${text}`);
  check(await overlay.locator('img').count() === 0, 'no element from the file in the overlay');
  check(await page.evaluate(() => window.__pwned === undefined), 'no script from the file ran');
  await overlay.getByRole('button', { name: 'Dismiss' }).click();
  check(await page.locator('#protokoll-serve-overlay').count() === 0, 'the overlay can be dismissed');

  // 2. Fixed: the page reloads, without the overlay.
  await page.evaluate(() => { window.__beforeReload = true; });
  save(original);
  await page.waitForFunction(() => window.__beforeReload === undefined
    && document.documentElement.dataset.protokollServe === 'live', null, { timeout: 10_000 });
  check(await page.locator('#protokoll-serve-overlay').count() === 0, 'the overlay is gone once fixed');

  // 3. A new title shows after the reload.
  save(original.replace('## § 2 Trygghetsinsats i Sätila', '## § 2 Trygghetsvandring i Sätila'));
  await page.waitForFunction(() => document.body.innerText.includes('Trygghetsvandring i Sätila'), null, { timeout: 10_000 });
  check(errors.length === 0, `no script errors: ${errors.join('; ')}`);
} catch (e) {
  failures.push(String(e));
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`serve.mjs: ${failures.length} failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('serve.mjs: live reload and overlay ok');

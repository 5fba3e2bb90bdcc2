#!/usr/bin/env node
// Checks the pages of a book's web site in one headless Chromium (Debian's, driven by
// playwright-core): axe-core (WCAG 2.0/2.1 A+AA) on every page at every width, and,
// with --search, types a query into the search box of the first page and reports the
// results the page's own script shows.
//
//   node site.mjs --widths 375,1280 [--search QUERY] FILE.html...
//
// Prints one JSON object: {"pages":[{file,width,violations:[{id,impact,help,nodes}]}],
//                          "search"?:{query,count,hrefs:[...]}}
// Exit 0 when every page was loaded and checked (violations or not), 1 when the browser
// or a page failed, 2 on bad usage.
import { chromium } from 'playwright-core';
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { CHROMIUM_FLAGS } from './chromium-flags.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'package.json'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const argv = process.argv.slice(2);
let widths = [375, 1280], query = null;
const files = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--widths') widths = argv[++i].split(',').map((w) => parseInt(w, 10));
  else if (argv[i] === '--search') query = argv[++i];
  else files.push(resolve(argv[i]));
}
if (files.length === 0 || !files.every((f) => existsSync(f)) || !widths.every((w) => w > 0)) {
  process.stderr.write('usage: site.mjs --widths 375,1280 [--search QUERY] FILE.html...\n');
  process.exit(2);
}
const timeout = 60000;
const profile = mkdtempSync(join(tmpdir(), 'quire-site-'));
const killer = setTimeout(() => {
  rmSync(profile, { recursive: true, force: true });
  process.exit(1);
}, timeout + 5000 * files.length * widths.length);
killer.unref();
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout,
    viewport: { width: widths[0], height: 800 }, deviceScaleFactor: 1,
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(timeout);
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const out = { pages: [] };
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    for (const file of files) {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
        }));
      }, TAGS);
      out.pages.push({ file, width, violations });
    }
  }
  if (query !== null) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(pathToFileURL(files[0]).href, { waitUntil: 'load' });
    await page.fill('#quire-q', query);
    await page.waitForSelector('#quire-hits p', { timeout: 10000 });
    out.search = await page.evaluate((q) => {
      const hits = document.getElementById('quire-hits');
      return {
        query: q,
        count: hits.querySelector('p').textContent,
        hrefs: Array.from(hits.querySelectorAll('a')).map((a) => a.getAttribute('href')),
      };
    }, query);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exitCode = 0;
} catch (e) {
  process.stderr.write(`site.mjs: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(killer);
}

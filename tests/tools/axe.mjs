#!/usr/bin/env node
// Runs axe-core (WCAG 2.0/2.1 A+AA) on a local HTML file in Debian's headless
// Chromium, driven by playwright-core.  Prints one JSON object on stdout.
//
//   node axe.mjs FILE.html WIDTH [--height H] [--screenshot OUT.png]
//                [--text SELECTOR] [--no-axe] [--tags t1,t2] [--timeout MS]
//
// Output: {"file","width","height","violations":[{id,impact,tags,help,
//          helpUrl,nodes:[{target,html,failureSummary}]}],
//          "incomplete":N, "passes":N, "text"?:string, "screenshot"?:path}
// Exit 0 when the page was loaded and checked (violations or not),
// 2 on bad usage, 1 when the browser or page failed.
import { chromium } from 'playwright-core';
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'package.json'));

import { CHROMIUM_FLAGS } from './chromium-flags.mjs';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DEFAULT_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function usage(msg) {
  if (msg) process.stderr.write(`axe.mjs: ${msg}\n`);
  process.stderr.write('usage: axe.mjs FILE.html WIDTH [--height H] [--screenshot OUT.png] ' +
    '[--text SELECTOR] [--no-axe] [--tags t1,t2] [--timeout MS]\n');
  process.exit(2);
}

const argv = process.argv.slice(2);
const pos = [];
const opt = { height: 800, screenshot: null, text: null, axe: true, tags: DEFAULT_TAGS, timeout: 60000 };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
  if (a === '--height') opt.height = parseInt(val(), 10);
  else if (a === '--screenshot') opt.screenshot = resolve(val());
  else if (a === '--text') opt.text = val();
  else if (a === '--no-axe') opt.axe = false;
  else if (a === '--tags') opt.tags = val().split(',').filter(Boolean);
  else if (a === '--timeout') opt.timeout = parseInt(val(), 10);
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else pos.push(a);
}
if (pos.length !== 2) usage('need FILE.html and WIDTH');
const file = resolve(pos[0]);
const width = parseInt(pos[1], 10);
if (!existsSync(file)) usage(`no such file: ${file}`);
if (!(width > 0) || !(opt.height > 0)) usage('WIDTH and --height must be positive integers');

const profile = mkdtempSync(join(tmpdir(), 'quire-axe-'));
let context;
const killer = setTimeout(() => {
  process.stderr.write(`axe.mjs: timed out after ${opt.timeout} ms\n`);
  try { rmSync(profile, { recursive: true, force: true }); } catch {}
  process.exit(1);
}, opt.timeout + 10000);
killer.unref();

try {
  // A persistent context is the only way to give Playwright our own fresh
  // --user-data-dir; it is deleted in `finally`.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width, height: opt.height },
    deviceScaleFactor: 1,
    timeout: opt.timeout,
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(opt.timeout);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));

  const out = { file, width, height: opt.height };
  if (opt.axe) {
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const res = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return {
        version: r.testEngine && r.testEngine.version,
        violations: r.violations.map(v => ({
          id: v.id, impact: v.impact, tags: v.tags, help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map(n => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
        })),
        incomplete: r.incomplete.length,
        passes: r.passes.length,
      };
    }, opt.tags);
    out.axeVersion = res.version;
    out.tags = opt.tags;
    out.violations = res.violations;
    out.incomplete = res.incomplete;
    out.passes = res.passes;
  }
  if (opt.text !== null) {
    out.text = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      return el ? el.innerText : null;
    }, opt.text);
  }
  if (opt.screenshot) {
    await page.screenshot({ path: opt.screenshot, fullPage: true });
    out.screenshot = opt.screenshot;
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exitCode = 0;
} catch (e) {
  process.stderr.write(`axe.mjs: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(killer);
}

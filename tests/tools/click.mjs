#!/usr/bin/env node
// Opens a local HTML file in Debian's headless Chromium and clicks every link and
// element with an event-handler attribute, to see whether anything runs: a dialog
// (alert/confirm/prompt), a change of document.title, a global the page set, a
// navigation to a non-file URL or a request to another host.  Prints one JSON object:
// per file, one line:
//   {"file","clicked":N,"dialogs":[..],"titleChanged":bool,"requests":[..],
//    "navigations":[..],"pwned":bool}   (navigations: to anything but a local file)
//
//   node click.mjs FILE.html... (one browser for all of them)
//
// Exit 0 when the page was loaded and clicked through, 1 when the browser failed.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_FLAGS } from './chromium-flags.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const files = process.argv.slice(2).map((f) => resolve(f));
const timeout = 60000;
if (files.length === 0 || !files.every((f) => existsSync(f))) {
  process.stderr.write('usage: click.mjs FILE.html...\n');
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), 'quire-click-'));
let context;
const killer = setTimeout(() => { rmSync(profile, { recursive: true, force: true }); process.exit(1); }, timeout * files.length + 10000);
killer.unref();
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout,
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(timeout);
  // Links to other hosts are never followed: they would only fail (no network), and what
  // matters is what runs in the page.
  await context.route((u) => !u.href.startsWith('file:') && !u.href.startsWith('data:'), (r) => r.abort());
  let out;
  page.on('dialog', async (d) => { out.dialogs.push(d.message()); await d.dismiss().catch(() => {}); });
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) out.requests.push(r.url()); });
  // Following a link to another file of the book is fine; leaving the file system is not.
  page.on('framenavigated', (f) => { const u = f.url(); if (!u.startsWith('file:') && u !== 'about:blank') out.navigations.push(u); });
  for (const file of files) {
    out = { file, clicked: 0, dialogs: [], requests: [], navigations: [], titleChanged: false, pwned: false };
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    const title = await page.title();
    const count = await page.evaluate(() => {
      // Links to other local files (a book's chapters) are not followed, so that every
      // click happens in this page; any other link (javascript:, data:, a fragment)
      // does what the browser would do with it.
      document.addEventListener('click', (e) => {
        const a = e.target.closest && e.target.closest('a[href]');
        if (a && a.protocol === 'file:' && a.pathname !== location.pathname) e.preventDefault();
      }, true);
      const els = [...document.querySelectorAll('a, [onclick], [onmouseover], [onfocus], area, button')];
      els.forEach((el, i) => el.setAttribute('data-quire-click', String(i)));
      return els.length;
    });
    for (let i = 0; i < count; i++) {
      // A real click event, without scrolling or visibility waits: collapsed notes are
      // links too.
      const clicked = await page.evaluate((n) => {
        const el = document.querySelector(`[data-quire-click="${n}"]`);
        if (!el) return false;
        el.click();
        return true;
      }, i).catch(() => false);
      if (clicked) out.clicked++;
      if (!page.url().startsWith(url)) {
        await page.goto(url, { waitUntil: 'load' });
        await page.evaluate(() => {
          [...document.querySelectorAll('a, [onclick], [onmouseover], [onfocus], area, button')]
            .forEach((el, k) => el.setAttribute('data-quire-click', String(k)));
        });
      }
    }
    out.titleChanged = (await page.title()) !== title;
    out.pwned = await page.evaluate(() => typeof window.PWNED !== 'undefined' || document.title.includes('PWNED'));
    process.stdout.write(JSON.stringify(out) + '\n');
  }
} catch (e) {
  process.stderr.write(`click.mjs: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
} finally {
  try { await context?.close(); } catch {}
  rmSync(profile, { recursive: true, force: true });
}

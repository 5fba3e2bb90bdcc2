#!/usr/bin/env node
// Measures how a web edition reads in headless Chromium (driven by playwright-core) and
// prints one JSON object:
//
//   node reading.mjs FILE.html [--widths 320,375,…] [--drift 1280,1440] [--resize W,W,…] [--keys 375]
//                    [--find WORD@375] [--shot WIDTHxHEIGHT:OUT.png[:SELECTOR[:open|copy]]]…
//
// --widths  per width: the document's scrollWidth and the window's innerWidth, and the
//           smallest note toggle (width × height) with whether every toggle is a
//           button with aria-controls naming a note and aria-expanded
// --drift   per width: for every note marker (button.sn-ref), its note's top minus the
//           marker's top (px), after the page's script has placed the notes; then what
//           a click on a marker does (scrolls? lights the note and passage?), whether
//           focusing a cut note's marker shows all of it, and the cite line a
//           paragraph's copy-link control shows
// --resize  opens the page at the first width, then resizes the window to each next one
//           (no reload): per step, scrollWidth, innerWidth and the largest |drift|
// --keys    at that width, keyboard only: Tab through the page; at each note marker,
//           check the focus is visible (an outline), open the note (Enter), check it
//           shows, close it (Enter, or Escape for every other one), check it is gone
// --find    opens the page at a text fragment for WORD (what find-in-page does) and
//           reports whether the note holding it opened
// --without-script W
//           at that width with JavaScript off: how many notes show, and how many there are
// --print OUT.pdf, --print-without-script OUT.pdf
//           prints the page as a browser does (the page's own @page size and margins,
//           no browser header or footer), with its script or without
// --shot    a screenshot of the window, scrolled to SELECTOR (its top a fifth down);
//           `open` presses its note marker first, `copy` its copy-link control
//
// Exit 0 when the page was measured, 1 when the browser or page failed.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_FLAGS } from './chromium-flags.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const argv = process.argv.slice(2);
const opt = { widths: [], drift: [], resize: [], keys: null, find: null, shots: [], prints: [], plain: null };
let file = null;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const list = () => argv[++i].split(',').map(Number);
  if (a === '--widths') opt.widths = list();
  else if (a === '--drift') opt.drift = list();
  else if (a === '--resize') opt.resize = list();
  else if (a === '--keys') opt.keys = Number(argv[++i]);
  else if (a === '--find') opt.find = argv[++i];
  else if (a === '--shot') opt.shots.push(argv[++i]);
  else if (a === '--print') opt.prints.push({ path: argv[++i], script: true });
  else if (a === '--without-script') opt.plain = Number(argv[++i]);
  else if (a === '--print-without-script') opt.prints.push({ path: argv[++i], script: false });
  else file = resolve(a);
}
if (!file || !existsSync(file)) {
  process.stderr.write('usage: reading.mjs FILE.html [--widths …] [--drift …] [--keys W] [--find WORD@W] [--shot …]\n');
  process.exit(2);
}
const url = pathToFileURL(file).href;
const profile = mkdtempSync(join(tmpdir(), 'quire-reading-'));
let context;
const out = { file };

async function open(width, height = 900, suffix = '') {
  await page.setViewportSize({ width, height });
  await page.goto(url + suffix, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
}

let page;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 60000,
    viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1,
  });
  page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(60000);

  out.widths = [];
  for (const w of opt.widths) {
    await open(w);
    out.widths.push(await page.evaluate((w) => {
      const toggles = [...document.querySelectorAll('.sn-ref')];
      const sizes = toggles.map((t) => t.getBoundingClientRect());
      const wellFormed = toggles.every((t) => t.tagName === 'BUTTON' && t.hasAttribute('aria-expanded')
        && document.getElementById(t.getAttribute('aria-controls') || '')?.classList.contains('sn'));
      return {
        width: w, innerWidth: innerWidth, scrollWidth: document.documentElement.scrollWidth,
        toggles: toggles.length, wellFormed,
        minToggle: sizes.length ? [Math.min(...sizes.map((r) => r.width)), Math.min(...sizes.map((r) => r.height))] : null,
      };
    }, w));
  }

  out.drift = [];
  for (const w of opt.drift) {
    await open(w);
    out.drift.push(await page.evaluate((w) => {
      const notes = [...document.querySelectorAll('button.sn-ref')].map((b) => {
        const n = document.getElementById(b.getAttribute('aria-controls'));
        const r = b.getBoundingClientRect(), s = n.getBoundingClientRect();
        return { id: n.id, marker: b.dataset.n, drift: Math.round(s.top - r.top), left: Math.round(s.left), right: Math.round(s.right), height: Math.round(s.height) };
      });
      // Notes that overlap the one before them (placed notes must not).
      let overlaps = 0;
      for (let i = 1; i < notes.length; i++) {
        const a = document.getElementById(notes[i - 1].id).getBoundingClientRect();
        const b = document.getElementById(notes[i].id).getBoundingClientRect();
        if (b.top < a.bottom - 1 && b.left < a.right && a.left < b.right) overlaps++;
      }
      return { width: w, notes, overlaps };
    }, w));
    // What pointing and clicking do here: a marker's click lights its note and passage
    // and does not scroll; focusing the marker of a cut note shows all of it; a
    // paragraph's copy-link control shows its cite line.
    const row = out.drift[out.drift.length - 1];
    row.click = await page.evaluate(() => {
      const b = document.querySelector('button.sn-ref');
      b.scrollIntoView({ block: 'center' });
      const y = scrollY;
      b.click();
      const n = document.getElementById(b.getAttribute('aria-controls'));
      const marks = [...document.querySelectorAll('mark.lit')].length;
      return { scrolled: Math.round(scrollY - y), lit: n.classList.contains('lit'), marks, id: n.id };
    });
    await page.keyboard.press('Escape');
    row.click.unlitByEscape = await page.evaluate((id) =>
      !document.getElementById(id).classList.contains('lit') && !document.querySelector('mark.lit'), row.click.id);
    // Pointing at a cut note's marker shows all of it, and leaving it cuts it again.
    const hovered = await page.evaluate(() => {
      const n = document.querySelector('.sn.clamped');
      if (!n) return null;
      document.querySelector(`[aria-controls="${n.id}"]`).setAttribute('data-quire-hover', '');
      return n.id;
    });
    if (hovered) {
      await page.hover('[data-quire-hover]');
      const shown = await page.evaluate((id) => { const n = document.getElementById(id); return n.scrollHeight <= n.clientHeight + 1; }, hovered);
      await page.mouse.move(5, 5);
      const cut = await page.evaluate((id) => { const n = document.getElementById(id); return n.scrollHeight > n.clientHeight + 1; }, hovered);
      row.hover = { shown, cutAgain: cut };
    }
    const cut = await page.evaluate(() => {
      const n = document.querySelector('.sn.clamped');
      if (!n) return null;
      const b = document.querySelector(`[aria-controls="${n.id}"]`);
      b.setAttribute('data-quire-focus', '');
      return { id: n.id, height: n.getBoundingClientRect().height };
    });
    if (cut) {
      await page.focus('[data-quire-focus]');
      row.preview = await page.evaluate((cut) => {
        const n = document.getElementById(cut.id);
        return { before: Math.round(cut.height), after: Math.round(n.getBoundingClientRect().height), full: n.scrollHeight <= n.clientHeight + 1 };
      }, cut);
    }
    await page.evaluate(() => document.querySelector('.text p .cp').click());
    await page.waitForTimeout(100);
    row.cite = await page.evaluate(() => {
      const c = document.querySelector('.cite-line');
      return c ? c.textContent : null;
    });
  }

  out.resize = [];
  for (const [i, w] of opt.resize.entries()) {
    if (i === 0) await open(w);
    else {
      await page.setViewportSize({ width: w, height: 900 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    out.resize.push(await page.evaluate((w) => {
      const drifts = [...document.querySelectorAll('button.sn-ref')].map((b) => {
        const n = document.getElementById(b.getAttribute('aria-controls'));
        return Math.abs(n.getBoundingClientRect().top - b.getBoundingClientRect().top);
      });
      return { width: w, innerWidth, scrollWidth: document.documentElement.scrollWidth, maxDrift: Math.round(Math.max(...drifts)) };
    }, w));
  }

  if (opt.keys) {
    await open(opt.keys);
    const seen = new Set();
    const results = [];
    let first = null;
    for (let step = 0; step < 5000; step++) {
      await page.keyboard.press('Tab');
      const here = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return null;
        const s = getComputedStyle(a);
        return {
          key: a.id || a.getAttribute('aria-label') || a.outerHTML.slice(0, 80),
          marker: a.matches('button.sn-ref'), note: a.getAttribute('aria-controls'),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
        };
      });
      if (!here) { if (step > 0) break; else continue; }
      if (first === here.key) break;
      if (!first) first = here.key;
      if (!here.marker || seen.has(here.note)) continue;
      seen.add(here.note);
      const state = () => page.evaluate((id) => {
        const n = document.getElementById(id), r = n.getBoundingClientRect();
        const b = document.querySelector(`[aria-controls="${id}"]`);
        return { shown: !n.hidden && r.height > 0 && n.innerText.trim().length > 0, expanded: b.getAttribute('aria-expanded'), focused: document.activeElement === b };
      }, here.note);
      await page.keyboard.press(results.length % 2 ? 'Space' : 'Enter');
      const opened = await state();
      await page.keyboard.press(results.length % 2 ? 'Escape' : 'Enter');
      const closed = await state();
      results.push({
        note: here.note, focusVisible: here.outline,
        opened: opened.shown && opened.expanded === 'true',
        closed: !closed.shown && closed.expanded === 'false' && closed.focused,
      });
    }
    out.keys = { width: opt.keys, notes: results };
  }

  if (opt.find) {
    const [word, w] = opt.find.split('@');
    await open(Number(w), 900, '#:~:text=' + encodeURIComponent(word));
    await page.waitForTimeout(300);
    out.find = await page.evaluate((word) => {
      const n = [...document.querySelectorAll('.sn')].find((s) => s.textContent.includes(word));
      if (!n) return { word, note: null };
      const b = document.querySelector(`[aria-controls="${n.id}"]`);
      return { word, note: n.id, open: !n.hidden && n.getBoundingClientRect().height > 0, expanded: b && b.getAttribute('aria-expanded') };
    }, word);
  }

  out.shots = [];
  for (const s of opt.shots) {
    const [size, path, selector, action] = s.split(':');
    const [w, h] = size.split('x').map(Number);
    await open(w, h);
    if (selector) {
      await page.evaluate(([sel, h]) => {
        const el = document.querySelector(sel);
        if (el) window.scrollTo(0, el.getBoundingClientRect().top + scrollY - h / 5);
      }, [selector, h]);
      if (action === 'open' || action === 'copy') {
        await page.evaluate(([sel, action]) => {
          const el = document.querySelector(sel);
          const find = action === 'open' ? 'button.sn-ref' : 'button.cp';
          const b = el && (el.matches(find) ? el : el.querySelector(find));
          if (b) b.click();
        }, [selector, action]);
      }
      await page.waitForTimeout(200);
    }
    await page.screenshot({ path: resolve(path) });
    out.shots.push(resolve(path));
  }
  if (opt.plain) {
    const extra = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const tab = await (await extra.newContext({ javaScriptEnabled: false, viewport: { width: opt.plain, height: 900 } })).newPage();
    await tab.goto(url, { waitUntil: 'load' });
    out.withoutScript = await tab.evaluate((w) => {
      const notes = [...document.querySelectorAll('.text .sn')];
      return { width: w, notes: notes.length, shown: notes.filter((n) => n.getBoundingClientRect().height > 0 && n.innerText.trim()).length };
    }, opt.plain);
    await extra.close();
  }

  out.prints = [];
  for (const p of opt.prints) {
    const ctx = p.script ? context : await context.browser()?.newContext({ javaScriptEnabled: false });
    // A persistent context has no browser object to open another context on: without
    // the script, a second page with JavaScript off is opened from a fresh launch.
    let tab, extra = null;
    if (p.script) tab = page;
    else if (ctx) tab = await ctx.newPage();
    else {
      extra = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
      tab = await (await extra.newContext({ javaScriptEnabled: false })).newPage();
    }
    await tab.goto(url, { waitUntil: 'load' });
    await tab.emulateMedia({ media: 'print' });
    await tab.pdf({ path: resolve(p.path), preferCSSPageSize: true, displayHeaderFooter: false, printBackground: false });
    if (extra) await extra.close();
    out.prints.push(resolve(p.path));
  }
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  process.stderr.write(`reading.mjs: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}

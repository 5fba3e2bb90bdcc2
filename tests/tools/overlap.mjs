#!/usr/bin/env node
// Opens a local HTML page in headless Chromium at a given width and reports, as one JSON
// line, every paragraph number (`.pn`) whose box overlaps the marker area of a list
// item (the strip between the list's left edge and the item's, on the item's first
// line), where an ordered list's "1." is drawn:
//   {"file","width","numbers":N,"overlaps":[{"n","item"}...]}
//
//   node overlap.mjs FILE.html WIDTH
//
// Exit 0 when the page was measured, 1 when the browser failed.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_FLAGS } from './chromium-flags.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const file = resolve(process.argv[2] || '');
const width = Number(process.argv[3] || 1280);
const profile = mkdtempSync(join(tmpdir(), 'quire-overlap-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 60000,
    viewport: { width, height: 900 },
  });
  const page = context.pages()[0] || await context.newPage();
  await page.goto(pathToFileURL(file).href);
  const result = await page.evaluate(() => {
    const overlaps = [];
    const numbers = [...document.querySelectorAll('.pn')];
    const items = [...document.querySelectorAll('li')].map((li) => {
      const list = li.parentElement.getBoundingClientRect();
      const r = li.getBoundingClientRect();
      const lh = parseFloat(getComputedStyle(li).lineHeight) || 20;
      return { text: li.textContent.trim().slice(0, 30), left: list.left, right: r.left, top: r.top, bottom: r.top + lh };
    });
    for (const pn of numbers) {
      const b = pn.getBoundingClientRect();
      for (const m of items) {
        const x = b.left < m.right && b.right > m.left;
        const y = b.top < m.bottom && b.bottom > m.top;
        if (x && y) overlaps.push({ n: pn.dataset.n, item: m.text });
      }
    }
    return { numbers: numbers.length, overlaps };
  });
  process.stdout.write(JSON.stringify({ file, width, ...result }) + '\n');
} catch (e) {
  process.stderr.write(String(e) + '\n');
  process.exitCode = 1;
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}

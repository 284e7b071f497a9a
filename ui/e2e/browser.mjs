// The system Chromium (Debian package), driven by playwright-core. No browser
// is ever downloaded.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

/** A browser with a profile on disk: closing and relaunching it is a phone restart. */
export function launchPersistent(userDataDir) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', args: chromiumArgs, viewport: { width: 360, height: 740 }, locale: 'zh-CN',
  });
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core violations of impact serious or critical on the current page. */
export async function seriousViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const res = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  return res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Whether the page scrolls sideways (it must not at 360 px). */
export function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Fill in and send the app's sign-in form. */
export async function submitSignIn(page, email, password) {
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/** A fresh phone (browser context) at 360 px in Chinese, on the app's first page. */
export async function openPhone(browser, url, { permissions = [], width = 360, acceptDownloads = false, who = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 740 }, locale: 'zh-CN', permissions, acceptDownloads });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  [${who} page error] ${e.message}`));
  await page.goto(url + '/');
  return { context, page };
}

/** A camera-sized picture drawn in the page (PNG, a colour with a light panel), as a Buffer. */
export async function cameraPicture(page, { width = 4000, height = 3000, colour = '#c33' } = {}) {
  const b64 = await page.evaluate(async ({ width, height, colour }) => {
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    const g = c.getContext('2d');
    g.fillStyle = colour;
    g.fillRect(0, 0, width, height);
    g.fillStyle = '#fff';
    g.fillRect(width / 8, height / 6, (width * 3) / 4, (height * 2) / 3);
    const blob = await new Promise((r) => c.toBlob(r, 'image/png'));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, { width, height, colour });
  return Buffer.from(b64, 'base64');
}

/** Opens a screen by its tab: in the bottom bar, or under 更多 when the bar is full. */
export async function openTab(page, testId) {
  const tab = page.locator(`nav.tabs [data-testid=${testId}]`);
  if (await tab.count()) return tab.click();
  await page.click('[data-testid=nav-more]');
  await page.click(`.more-list [data-testid=${testId}]`);
}

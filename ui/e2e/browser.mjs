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

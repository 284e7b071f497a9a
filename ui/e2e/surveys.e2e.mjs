// Survey points, posters, the public survey page and the offline kiosk, in
// real Chromium against the real server: an admin creates a kiosk point and
// opens its poster (its QR code, decoded here, is the point's link; it
// prints on one page and downloads as a PNG); the kiosk takes three answers
// offline, is reloaded and restarted offline, and delivers them when the
// network returns, each stored once even when a reply is lost; a customer
// answers on a phone at 360 px, in English too; the kiosk clears itself when
// left alone; a deactivated point's link shows why it no longer works; a
// browser with no script gets the plain form. Each new page passes axe at
// 360 px with no sideways scrolling.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { horizontalOverflow, launch, launchPersistent, seriousViolations, submitSignIn, openTab } from './browser.mjs';
import { startProxy } from './proxy.mjs';
import { startServer } from './server.mjs';

const ROOT = ['root@surveys.e2e.test', 'e2e-root-secret-1'];
const PASSWORD = 'e2e-pass-12345';
const require = createRequire(import.meta.url);
const jsQRSource = readFileSync(require.resolve('jsqr/dist/jsQR.js'), 'utf8');

const fx = {};
let srv;
let browser;
let root;

async function setup() {
  if (srv) return;
  srv = await startServer({ superuser: ROOT });
  root = new PocketBase(srv.url);
  root.autoCancellation(false);
  await root.collection('_superusers').authWithPassword(...ROOT);
  fx.AA = await root.collection('malls').create({ code: 'AA', name: '甲商场', timezone: 'Asia/Shanghai' });
  for (const role of ['admin', 'manager']) {
    fx[role] = await root.collection('users').create({
      email: `${role}@surveys.e2e.test`, password: PASSWORD, passwordConfirm: PASSWORD, name: role, role, malls: [fx.AA.id], verified: true,
    });
  }
  fx.template = (await root.collection('survey_templates').getFirstListItem("mall = '' && kind = 'customer'")).id;
  browser = await launch();
}

async function teardown() {
  await browser?.close();
  await srv?.stop();
  srv = undefined;
}

async function check360(page, what) {
  assert.equal(await horizontalOverflow(page), 0, what + ': no sideways scrolling at 360 px');
  assert.deepEqual(await seriousViolations(page), [], what + ': axe');
}

/** Decodes the QR code in a PNG (a screenshot or the downloaded poster) in the page, with jsQR. */
async function decodeQR(page, png) {
  await page.addScriptTag({ content: jsQRSource });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height);
    // eslint-disable-next-line no-undef
    return jsQR(d.data, d.width, d.height)?.data ?? null;
  }, png.toString('base64'));
}

async function signIn(email) {
  // a phone's screen: 360 CSS px at 2 device pixels each
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  [admin page error] ${e.message}`));
  await page.goto(srv.url + '/');
  await submitSignIn(page, email, PASSWORD);
  await page.waitForSelector('#list-title');
  return { context, page };
}

/** A kiosk point and its link, made through the API (for a test run on its own). */
async function kioskPoint() {
  if (fx.link) return;
  const admin = new PocketBase(srv.url);
  await admin.collection('users').authWithPassword(fx.admin.email, PASSWORD);
  fx.point = await admin.collection('survey_points').create({ mall: fx.AA.id, name: '一楼自助终端', kind: 'customer', channel: 'kiosk', template: fx.template, active: true });
  fx.link = srv.url + (await admin.send(`/api/survey-points/${fx.point.id}/link`, { method: 'POST' })).path;
}

/** Answers the five questions of the default customer survey; low scores lead to the comment screen. */
async function answerAll(page, scores, comment) {
  for (const score of scores) {
    const before = await page.getAttribute('[data-testid=question]', 'data-question');
    await page.click(`[data-testid=faces] button[data-score="${score}"]`);
    await page.waitForFunction((q) => document.querySelector('[data-testid=question]')?.dataset.question !== q, before);
  }
  if (comment !== undefined) {
    await page.waitForSelector('[data-testid=comment-screen]');
    await page.fill('textarea[name=comment]', comment);
    await page.click('[data-testid=send]');
  }
  await page.waitForSelector('[data-testid=thanks]');
}

/** Opens the staff panel (press and hold the corner button) and reads the unsent count. */
async function waitingCount(page) {
  const box = await page.locator('[data-testid=kiosk-staff]').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForSelector('[data-testid=kiosk-panel]', { timeout: 5000 });
  await page.mouse.up();
  const n = Number(await page.getAttribute('[data-testid=kiosk-waiting]', 'data-count'));
  return n;
}

async function closePanel(page) {
  await page.click('[data-testid=kiosk-panel] button.primary');
  await page.waitForSelector('[data-testid=kiosk-panel]', { state: 'detached' });
}

export default [
  ['surveys: an admin creates a kiosk point; the poster’s QR code decodes to its link, prints on one page, saves as PNG', async () => {
    await setup();
    const { context, page } = await signIn(fx.admin.email);
    try {
      await openTab(page, 'nav-survey-points');
      await page.waitForSelector('#points-title');
      await page.waitForSelector('.empty');
      await check360(page, 'survey point list');

      await page.click('[data-testid=new-point]');
      await page.waitForSelector('[data-testid=point-form]');
      await page.fill('input[name=name]', '一楼自助终端');
      await page.click('fieldset .seg-btn:has-text("自助终端")');
      await page.waitForFunction(() => document.querySelector('select[name=template]')?.value);
      await check360(page, 'survey point form');
      await page.click('[data-testid=save-point]');
      await page.waitForSelector('[data-testid=point-row]');
      const row = page.locator('[data-testid=point-row]');
      assert.match(await row.textContent(), /一楼自助终端.*顾客满意度.*自助终端.*长期有效/);
      const id = await row.getAttribute('data-id');
      fx.point = await root.collection('survey_points').getOne(id);
      assert.equal(fx.point.channel, 'kiosk');
      assert.equal(fx.point.template, fx.template);
      assert.equal(fx.point.active, true);

      // the poster: mall, invitation, QR code, point
      await row.locator('[data-testid=poster]').click();
      await page.waitForSelector('[data-testid=poster-qr]');
      const sheet = await page.textContent('[data-testid=poster-sheet]');
      assert.match(sheet, /甲商场.*扫码评价我们的服务.*一楼自助终端/);
      await check360(page, 'poster');
      const link = await page.textContent('[data-testid=point-link]');
      assert.ok(link.startsWith(srv.url + '/s/'), link);
      // read the code as a phone camera would see the screen (clear of the tab bar)
      await page.locator('[data-testid=poster-qr]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
      const shot = await page.locator('[data-testid=poster-qr]').screenshot();
      assert.equal(await decodeQR(page, shot), link, 'the QR code on screen is the point’s link');
      // the link opens this point's survey
      const opened = await (await fetch(link.replace('/s/', '/api/public/surveys/'))).json();
      assert.equal(opened.point, '一楼自助终端');
      assert.equal(opened.channel, 'kiosk');
      fx.link = link;

      // PNG: the downloaded image holds the same code
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=png]')]);
      assert.match(download.suggestedFilename(), /^调查海报-一楼自助终端-A4\.png$/);
      const png = readFileSync(await download.path());
      assert.equal(await decodeQR(page, png), link, 'the PNG poster’s QR code is the point’s link');

      // print: the poster alone on one A5 sheet (the app around it hidden)
      await page.click('.poster-controls .seg-btn:has-text("A5")');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('nav.tabs').isVisible(), false, 'tabs hidden in print');
      assert.equal(await page.locator('.poster-controls').isVisible(), false, 'controls hidden in print');
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      assert.equal(pages.length, 1, 'one printed page');
      const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      assert.ok(mediaBox && Math.abs(Number(mediaBox[1]) - 419.5) < 2 && Math.abs(Number(mediaBox[2]) - 595.3) < 2, 'an A5 page: ' + mediaBox?.[0]);
      await page.emulateMedia({ media: 'screen' });
    } finally {
      await context.close();
    }
  }],

  ['surveys: the kiosk takes three answers offline, survives a reload and a restart, and delivers each once', async () => {
    await setup();
    await kioskPoint();
    const proxy = await startProxy(srv.url);
    proxy.loseReplies('/api/public/surveys/', 1);
    const profile = mkdtempSync(join(tmpdir(), 'mallcare-kiosk-'));
    let tablet = await launchPersistent(profile);
    try {
      let page = tablet.pages()[0] ?? (await tablet.newPage());
      page.on('pageerror', (e) => console.log(`  [kiosk page error] ${e.message}`));
      const url = proxy.url + new URL(fx.link).pathname;
      await page.goto(url);
      await page.waitForSelector('[data-testid=kiosk] [data-testid=question]');
      await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15_000 });
      assert.match(await page.textContent('.ps-top'), /甲商场.*一楼自助终端/);
      // kept for offline starts
      await page.waitForFunction(() => localStorage.getItem('mallcare-kiosk') === '1');

      await tablet.setOffline(true);
      await answerAll(page, [5, 4, 4, 5, 5]);
      // the first touch put the kiosk in full screen
      assert.equal(await page.evaluate(() => document.fullscreenElement === document.documentElement), true, 'full screen');
      // the thanks screen gives way to the next customer by itself
      await page.waitForSelector('[data-testid=question][data-question=overall]', { timeout: 10_000 });
      assert.equal(await page.locator('[aria-pressed=true]').count(), 0, 'nothing of the last customer on screen');
      await answerAll(page, [2, 1, 3, 3, 3], '排队太久，工作人员态度冷淡');
      await page.click('[data-testid=thanks]'); // a second tap of the one who sent it does not skip on
      assert.equal(await page.locator('[data-testid=thanks]').count(), 1);
      await page.waitForTimeout(1600);
      await page.click('[data-testid=thanks]'); // later, a touch moves on at once
      await page.waitForSelector('[data-testid=question][data-question=overall]');
      await answerAll(page, [4, 4, 5, 4, 4]);
      await page.waitForSelector('[data-testid=question][data-question=overall]', { timeout: 10_000 });
      assert.equal(await waitingCount(page), 3, 'the staff panel counts three unsent answers');
      await check360(page, 'kiosk staff panel');
      await closePanel(page);
      // the customers never see the count
      assert.doesNotMatch(await page.textContent('body'), /待发送/);

      // reload with no network: the page, the survey and the queue are all on the tablet
      await page.reload();
      await page.waitForSelector('[data-testid=kiosk] [data-testid=question]');
      assert.equal(await waitingCount(page), 3, 'after a reload');
      await closePanel(page);

      // a restart of the browser, still offline
      await tablet.close();
      tablet = await launchPersistent(profile);
      await tablet.setOffline(true);
      page = tablet.pages()[0] ?? (await tablet.newPage());
      await page.goto(url);
      await page.waitForSelector('[data-testid=kiosk] [data-testid=question]');
      assert.equal(await waitingCount(page), 3, 'after a restart');
      let stored = await root.collection('survey_responses').getFullList({ filter: root.filter('point = {:p}', { p: fx.point.id }) });
      assert.equal(stored.length, 0, 'nothing reached the server while offline');

      // the network returns: the first reply is lost on the way back, the tablet sends again
      await tablet.setOffline(false);
      await page.waitForFunction(() => document.querySelector('[data-testid=kiosk-waiting]')?.dataset.count === '0', null, { timeout: 30_000 });
      assert.equal(proxy.lose().lost, 1, 'one reply was lost after the server stored the answer');
      stored = await root.collection('survey_responses').getFullList({ filter: root.filter('point = {:p}', { p: fx.point.id }), sort: 'overall' });
      assert.deepEqual(stored.map((r) => r.overall), [2, 4, 5], 'three answers, each stored once');
      for (const r of stored) {
        assert.equal(r.channel, 'kiosk');
        assert.equal(r.desk, '一楼自助终端');
        assert.equal(r.kind, 'customer');
        assert.equal(r.taken_by, '');
      }
      assert.equal(stored[0].comment, '排队太久，工作人员态度冷淡');
      assert.equal(stored[0].satisfied, false);
      assert.ok(proxy.lose().seen >= 4, 'the lost one was sent again');
      await closePanel(page);
    } finally {
      await tablet.close();
      await proxy.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }],

  ['surveys: a customer answers on a phone at 360 px (English too); the kiosk clears itself when left alone', async () => {
    await setup();
    await kioskPoint();
    const admin = new PocketBase(srv.url);
    await admin.collection('users').authWithPassword(fx.admin.email, PASSWORD);
    const qr = await admin.collection('survey_points').create({ mall: fx.AA.id, name: '二楼服务台', kind: 'customer', channel: 'qr', template: fx.template, active: true });
    const link = srv.url + (await admin.send(`/api/survey-points/${qr.id}/link`, { method: 'POST' })).path;

    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    const phone = await context.newPage();
    phone.on('pageerror', (e) => console.log(`  [phone page error] ${e.message}`));
    try {
      await phone.goto(link);
      await phone.waitForSelector('[data-testid=question][data-question=overall]');
      assert.equal(await phone.locator('[data-testid=kiosk]').count(), 0, 'a QR point is no kiosk');
      assert.match(await phone.textContent('.ps-q'), /总体满意度/);
      assert.equal(await phone.locator('[data-testid=faces] button').count(), 5);
      assert.match(await phone.textContent('[data-testid=faces]'), /很不满意.*不满意.*一般.*满意.*非常满意/);
      const face = await phone.locator('[data-testid=faces] button').first().boundingBox();
      assert.ok(face.width >= 48 && face.height >= 48, 'large targets');
      await check360(phone, 'survey question');
      // English, then a low score asks for a comment
      await phone.click('.ps-lang');
      await phone.waitForSelector('text=Question 1 of 5');
      assert.match(await phone.textContent('[data-testid=faces]'), /Very dissatisfied/);
      await check360(phone, 'survey question (English)');
      await phone.click('[data-testid=faces] button[data-score="1"]');
      await phone.click('[data-testid=skip]');
      await phone.click('[data-testid=skip]');
      await phone.click('[data-testid=skip]');
      await phone.click('[data-testid=skip]');
      await phone.waitForSelector('[data-testid=comment-screen]');
      await check360(phone, 'comment screen');
      await phone.fill('textarea[name=comment]', 'Dirty toilets 厕所不干净');
      await phone.click('[data-testid=send]');
      await phone.waitForSelector('[data-testid=thanks]');
      await check360(phone, 'thanks screen');
      const [r] = await root.collection('survey_responses').getFullList({ filter: root.filter('point = {:p}', { p: qr.id }) });
      assert.deepEqual(r.answers, { overall: 1 });
      assert.equal(r.comment, 'Dirty toilets 厕所不干净');
      assert.equal(r.channel, 'qr');
      assert.equal(r.desk, '二楼服务台');

      // a browser with no script gets the plain form, which takes the answer too
      const plain = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
      const form = await plain.newPage();
      await form.goto(link);
      await form.waitForSelector('input[name=q_overall]');
      assert.ok(form.url().endsWith('?plain=1'));
      await form.check('input[name=q_overall][value="4"]', { force: true });
      await form.click('button[type=submit]');
      await form.waitForSelector('.thanks');
      await plain.close();
      assert.equal((await root.collection('survey_responses').getFullList({ filter: root.filter('point = {:p}', { p: qr.id }) })).length, 2);

      // the kiosk left alone in the middle of a survey starts over, blank
      const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' });
      const kiosk = await tablet.newPage();
      await kiosk.clock.install();
      await kiosk.goto(fx.link);
      await kiosk.waitForSelector('[data-testid=kiosk] [data-testid=question][data-question=overall]');
      await kiosk.click('.ps-lang');
      await kiosk.click('[data-testid=faces] button[data-score="2"]');
      await kiosk.waitForSelector('[data-testid=question][data-question=staff]');
      await kiosk.clock.fastForward(30_000);
      assert.equal(await kiosk.getAttribute('[data-testid=question]', 'data-question'), 'staff', 'not yet');
      await kiosk.clock.fastForward(31_000);
      await kiosk.waitForSelector('[data-testid=question][data-question=overall]');
      assert.equal(await kiosk.locator('[aria-pressed=true]').count(), 0);
      assert.match(await kiosk.textContent('.ps-progress'), /第 1 题/, 'back in Chinese');
      await tablet.close();
    } finally {
      await context.close();
    }
  }],

  ['surveys: a deactivated point’s link shows the revoked message, on the kiosk and on a phone', async () => {
    await setup();
    await kioskPoint();
    const { context, page } = await signIn(fx.admin.email);
    const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' });
    try {
      const kiosk = await tablet.newPage();
      await kiosk.goto(fx.link);
      await kiosk.waitForSelector('[data-testid=kiosk] [data-testid=question]');

      await page.goto(srv.url + '/#/survey-points');
      await page.waitForSelector(`[data-testid=point-row][data-id="${fx.point.id}"]`);
      page.once('dialog', (d) => d.accept());
      await page.click(`[data-testid=point-row][data-id="${fx.point.id}"] [data-testid=toggle-active]`);
      await page.waitForSelector(`[data-testid=point-row][data-id="${fx.point.id}"] .tag.bad`);
      assert.equal((await root.collection('survey_points').getOne(fx.point.id)).active, false);
      await check360(page, 'point list with a deactivated point');

      // the kiosk learns it on its next start (or its next check): its codes stop at once
      await kiosk.reload();
      await kiosk.waitForSelector('[data-testid=kiosk] [data-testid=closed][data-code=link_revoked]');
      assert.equal(await kiosk.locator('[data-testid=faces]').count(), 0, 'the kiosk takes no more answers');
      assert.equal(await kiosk.locator('[data-testid=kiosk-staff]').count(), 1, 'the staff corner stays');

      const phone = await context.newPage();
      await phone.goto(fx.link);
      await phone.waitForSelector('[data-testid=closed][data-code=link_revoked]');
      assert.match(await phone.textContent('[data-testid=closed]'), /此调查点已停用，二维码已失效/);
      await check360(phone, 'revoked link');
      const res = await fetch(fx.link.replace('/s/', '/api/public/surveys/'), {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answers: { overall: 5 } }),
      });
      assert.equal(res.status, 403);
      assert.equal((await res.json()).data.code, 'link_revoked');
    } finally {
      await tablet.close();
      await context.close();
      await teardown();
    }
  }],
];

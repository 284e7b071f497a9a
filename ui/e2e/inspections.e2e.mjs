// The field half of the app in real headless Chromium against the real
// server, through the UI only: an inspection run offline with two failed
// items and their marked-up photos, left, reloaded, resumed and submitted; a
// callback survey on a resolved complaint; the app closed and reopened still
// offline; then online: the server has the score, the rectifications, the
// survey once and the complaint called back; a rectification fixed and
// re-checked with photos, seen verified on a second phone. Plus the role
// bars and the new screens at 360 px with axe.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { cameraPicture, horizontalOverflow, launch, launchPersistent, seriousViolations, submitSignIn } from './browser.mjs';
import { startProxy } from './proxy.mjs';
import { rootClient, startServer, work } from './server.mjs';

const ROOT = ['root@field.test', 'field-root-secret-1'];
const PASSWORD = 'field-pass-12345';
const FAILED = ['price-complete', 'safety-exits']; // both photo_required in the default checklist

let srv;
let root;
let browser;
const fx = {};

/** The first day of this month in Shanghai, as the instant a plan stores. */
function monthStartShanghai() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000).toISOString();
}

async function setup() {
  if (srv) return;
  srv = await startServer({ superuser: ROOT });
  root = await rootClient(srv.url, ROOT);
  fx.AA = await root.collection('malls').create({ code: 'AA', name: '甲商场', timezone: 'Asia/Shanghai' });
  for (const role of ['manager', 'inspector', 'service']) {
    fx[role] = await root.collection('users').create({
      email: `${role}.field@e2e.test`, password: PASSWORD, passwordConfirm: PASSWORD, name: `${role} 甲`, role, malls: [fx.AA.id], verified: true,
    });
  }
  fx.shop = await root.collection('shops').create({ mall: fx.AA.id, name: '顾家家居', floor: '3F', booth: '301' });
  await root.collection('shops').create({ mall: fx.AA.id, name: '慕思寝具', floor: '3F', booth: '302' });
  fx.plan = await root.collection('inspection_plans').create({ mall: fx.AA.id, floor: '3F', period: 'month', period_start: monthStartShanghai(), target_count: 4 });
  fx.template = await root.collection('inspection_templates').getFirstListItem('mall = ""');
  // a complaint resolved two days ago: its callback window is open now
  const service = new PocketBase(srv.url);
  service.autoCancellation(false);
  await service.collection('users').authWithPassword(fx.service.email, PASSWORD);
  const c = await service.collection('complaints').create({
    mall: fx.AA.id, channel: 'phone', target: 'product', shop: fx.shop.id, customer_name: '王女士', phone: '13800000000',
    description: '沙发皮面开裂', severity: 'general',
  });
  for (const step of [{ status: 'verifying' }, { status: 'proposed', plan: '更换沙发' }, { status: 'resolved', resolution_type: 'exchange' }]) {
    await service.collection('complaints').update(c.id, step);
  }
  const day = 24 * 3600_000;
  fx.complaint = await root.collection('complaints').update(c.id, {
    resolved_at: new Date(Date.now() - 2 * day).toISOString(), callback_from: new Date(Date.now() - day).toISOString(),
    callback_due: new Date(Date.now() + 3 * day).toISOString(),
  });
  browser = await launch();
}

/** A camera picture (3000×2000 PNG) in a colour of its own. */
async function cameraPhoto(page, colour) {
  return { name: 'camera.png', mimeType: 'image/png', buffer: await cameraPicture(page, { width: 3000, height: 2000, colour }) };
}

/** Drag on the markup canvas from (x1, y1) to (x2, y2), as fractions of its size. */
async function drag(page, [x1, y1], [x2, y2]) {
  const box = await page.locator('[data-testid=markup-canvas]').boundingBox();
  await page.mouse.move(box.x + box.width * x1, box.y + box.height * y1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((x1 + x2) / 2), box.y + box.height * ((y1 + y2) / 2), { steps: 4 });
  await page.mouse.move(box.x + box.width * x2, box.y + box.height * y2, { steps: 4 });
  await page.mouse.up();
}

/** Take a photo for a file input and mark it up: a circle, or an arrow and a text. */
async function photoWithMarks(page, input, photo, marks) {
  await page.setInputFiles(input, photo);
  await page.waitForSelector('[data-testid=markup-canvas]');
  await page.waitForFunction(() => document.querySelector('[data-testid=markup-canvas]')?.width > 0);
  if (marks === 'circle') {
    await drag(page, [0.3, 0.3], [0.6, 0.6]);
  } else {
    await page.click('[data-tool=arrow]');
    await drag(page, [0.1, 0.9], [0.45, 0.5]);
    await page.click('[data-tool=text]');
    await page.fill('input[name=markup-text]', '通道堆货');
    await drag(page, [0.5, 0.2], [0.5, 0.2]);
  }
  assert.match(await page.getAttribute('[data-testid=markup-canvas]', 'aria-label'), marks === 'circle' ? /1/ : /2/);
  await page.click('[data-testid=markup-save]');
  await page.waitForSelector('[data-testid=markup-canvas]', { state: 'detached' });
}

async function answer(page, item, result) {
  await page.click(`[data-item="${item}"] label.res-${result}`);
  await page.waitForSelector(`[data-item="${item}"] label.res-${result}.on`);
}

async function waitSynced(page, timeout = 30_000) {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid=sync-badge]');
    return b && b.classList.contains('ok') && !b.textContent.includes('从未') && !b.textContent.includes('同步中');
  }, null, { timeout });
}

/** How many changes wait in the phone's outbox (read from IndexedDB). */
function outboxCount(page) {
  return page.evaluate(() => new Promise((res, rej) => {
    const r = indexedDB.open('mallcare');
    r.onsuccess = () => {
      const c = r.result.transaction('outbox').objectStore('outbox').count();
      c.onsuccess = () => res(c.result);
      c.onerror = () => rej(c.error);
    };
    r.onerror = () => rej(r.error);
  }));
}

async function newPhone(who) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  [${who} page error] ${e.message}`));
  await page.goto(srv.url + '/');
  await submitSignIn(page, fx[who].email, PASSWORD);
  await waitSynced(page);
  return { context, page };
}

export default [
  ['inspections: offline round with two failed items and photos, left, reloaded, resumed, submitted; a callback survey; closed and reopened offline; synced; re-checked and seen on a second phone', async () => {
    await setup();
    const proxy = await startProxy(srv.url);
    const profile = join(work, 'field-profile');
    let context = await launchPersistent(profile);
    try {
      let page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));
      await page.goto(proxy.url + '/');
      await submitSignIn(page, fx.manager.email, PASSWORD);
      await waitSynced(page);
      await page.waitForFunction(() => !!navigator.serviceWorker.controller);
      proxy.block('/'); // no network for the page or its service worker

      // my rounds: this month's plan for 3F, nothing done yet; one tap starts it
      await page.goto(proxy.url + '/#/rounds');
      await page.waitForSelector('[data-testid=round-row][data-floor="3F"]');
      assert.match(await page.textContent('[data-testid=round-row][data-floor="3F"]'), /已完成 0\/4/);
      await page.click('[data-testid=start-next]');
      await page.waitForSelector('[data-testid=submit-round]');
      const id = page.url().split('/run/')[1];
      assert.match(id, /^[a-z0-9]{15}$/);
      await page.selectOption('select[name=shop]', fx.shop.id);

      const items = await page.$$eval('[data-item]', (els) => els.map((e) => e.dataset.item));
      assert.equal(items.length, 15);
      const half = items.slice(0, 7);
      for (const it of half) await answer(page, it, FAILED.includes(it) ? 'fail' : 'pass');
      await page.fill(`[data-item="${FAILED[0]}"] textarea`, '两件商品无标价签');
      await photoWithMarks(page, `[data-testid=photo-${FAILED[0]}]`, await cameraPhoto(page, '#a33'), 'circle');
      await page.waitForSelector(`[data-item="${FAILED[0]}"] .thumbs img`);
      assert.match(await page.textContent('[data-testid=running-score]'), /已检 7\/15/);

      // leave it, reload (offline), and find it again, half done
      await page.click('[data-testid=leave-round]');
      await page.waitForSelector(`[data-testid=draft-row][data-id="${id}"]`);
      await page.reload();
      await page.waitForSelector(`[data-testid=draft-row][data-id="${id}"]`);
      assert.match(await page.textContent(`[data-testid=draft-row][data-id="${id}"]`), /已检 7\/15/);
      await page.click(`[data-testid=draft-row][data-id="${id}"] [data-testid=resume-round]`);
      await page.waitForSelector('[data-testid=submit-round]');
      assert.equal(await page.inputValue(`[data-item="${FAILED[0]}"] textarea`), '两件商品无标价签');
      assert.equal(await page.$$eval(`[data-item="${FAILED[0]}"] .thumbs img`, (l) => l.length), 1);

      for (const it of items.slice(7)) await answer(page, it, FAILED.includes(it) ? 'fail' : 'pass');
      // the second failure has no photo yet: the submit says so and waits
      await page.click('[data-testid=submit-round]');
      await page.waitForSelector('[data-testid=run-error]');
      assert.match(await page.textContent('[data-testid=run-error]'), /1 项不合格未拍照/);
      assert.equal(await page.$(`[data-item="${FAILED[1]}"].lacking`) !== null, true);
      await page.fill(`[data-item="${FAILED[1]}"] textarea`, '安全出口堆放货物');
      await photoWithMarks(page, `[data-testid=photo-${FAILED[1]}]`, await cameraPhoto(page, '#337'), 'arrow+text');
      // weights: 36 in all, the two failures weigh 3 each → 30 / 36
      await page.waitForFunction(() => document.querySelector('[data-testid=running-score] b')?.textContent === '83.3');
      await page.click('[data-testid=submit-round]');
      await page.waitForSelector('[data-testid=inspection-status]');
      assert.equal(await page.textContent('[data-testid=inspection-status]'), '已提交');
      assert.match(await page.textContent('[data-testid=inspection-score]'), /83\.3/);

      // the outbox says in words what waits
      await page.goto(proxy.url + '/#/outbox');
      await page.waitForSelector('[data-testid=outbox-words]');
      const words = await page.$$eval('[data-testid=outbox-words]', (l) => l.map((e) => e.textContent));
      assert.ok(words.includes('巡检 3F 开始') && words.includes('巡检 3F 提交'), words.join(' | '));
      assert.ok(words.some((w) => /^巡检 3F · 明码标价：.* 不合格 · 照片 1$/.test(w)), words.join(' | '));

      // the callback survey on the resolved complaint, still offline
      await page.goto(proxy.url + '/#/c/' + fx.complaint.id);
      await page.waitForSelector('[data-testid=callback-survey]:not([disabled])');
      await page.click('[data-testid=callback-survey]');
      await page.click('[data-testid=survey-begin]');
      await page.click('button[data-score="4"]');
      await page.waitForFunction(() => document.querySelector('[data-testid=survey-question]')?.textContent.includes('处理速度'));
      await page.click('button[data-score="5"]');
      await page.click('button[data-score="2"]'); // 处理人员的态度: low, so a comment is asked for
      await page.fill('textarea[name=comment]', '接待人员语气生硬');
      await page.click('[data-testid=survey-next]');
      await page.waitForSelector('[data-testid=survey-verdict]');
      assert.match(await page.textContent('[data-testid=survey-verdict]'), /总体评价：4 · 满意/);
      assert.equal(await page.textContent('[data-testid=callback-verdict]'), '基本满意');
      await page.click('[data-testid=survey-save]');
      await page.waitForSelector('[data-testid=survey-saved]');
      await page.goto(proxy.url + '/#/c/' + fx.complaint.id);
      await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === '已回访');
      const waiting = await outboxCount(page);
      assert.equal(waiting, 1 + 15 + 1 + 2, 'inspection, 15 results, submit, survey and complaint move');

      // close the app and open it again, still offline
      await context.close();
      context = await launchPersistent(profile);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(proxy.url + '/#/inspections/' + id);
      await page.waitForSelector('[data-testid=inspection-status]');
      assert.match(await page.textContent('#main'), /待发送/);
      assert.equal(await outboxCount(page), waiting);

      // online again
      proxy.block('');
      await page.click('[data-testid=sync-badge]');
      await page.click('[data-testid=sync-now]');
      await waitSynced(page, 60_000);
      assert.equal(await outboxCount(page), 0);

      const insp = await root.collection('inspections').getOne(id);
      assert.equal(insp.status, 'submitted');
      assert.equal(insp.score, 83.3);
      assert.equal(insp.failed_count, 2);
      assert.equal(insp.passed_count, 13);
      assert.equal(insp.shop, fx.shop.id);
      assert.equal(insp.inspector, fx.manager.id);
      const results = await root.collection('inspection_results').getFullList({ filter: `inspection = "${id}"` });
      assert.equal(results.length, 15, 'one result per item, none twice');
      for (const it of FAILED) {
        const r = results.find((x) => x.item_id === it);
        assert.equal(r.result, 'fail');
        assert.equal(r.photos.length, 1, it + ' photo');
      }
      const rects = await root.collection('rectifications').getFullList({ filter: `inspection = "${id}"`, sort: 'item_id' });
      assert.deepEqual(rects.map((r) => r.item_id), ['price-complete', 'safety-exits']);
      for (const r of rects) {
        assert.equal(r.status, 'open');
        assert.ok(Date.parse(r.deadline.replace(' ', 'T')) > Date.now(), 'a deadline ahead');
        assert.equal(r.shop, fx.shop.id);
      }
      const surveys = await root.collection('survey_responses').getFullList({ filter: `complaint = "${fx.complaint.id}"` });
      assert.equal(surveys.length, 1, 'the survey is stored once');
      assert.equal(surveys[0].kind, 'callback');
      assert.equal(surveys[0].overall, 4);
      assert.equal(surveys[0].taken_by, fx.manager.id);
      assert.match(surveys[0].comment, /接待人员语气生硬/);
      const complaint = await root.collection('complaints').getOne(fx.complaint.id);
      assert.equal(complaint.status, 'visited');
      assert.equal(complaint.callback_verdict, 'basically_satisfied');

      // the rounds screen counts the round
      await page.goto(proxy.url + '/#/rounds');
      await page.waitForFunction(() => /已完成 1\/4/.test(document.querySelector('[data-testid=round-row][data-floor="3F"]')?.textContent ?? ''));

      // the shop's fix, then the re-check, each with a photo
      const rect = rects[1];
      await page.goto(proxy.url + '/#/rectifications');
      await page.waitForSelector(`[data-testid=rect-row][data-id="${rect.id}"]`);
      await page.click(`[data-testid=rect-row][data-id="${rect.id}"]`);
      await page.waitForSelector('[data-step=done]');
      await page.click('[data-step=done]');
      assert.match(await page.textContent('[data-testid=step-missing]'), /整改照片/);
      await photoWithMarks(page, '[data-testid=step-photo]', await cameraPhoto(page, '#393'), 'circle');
      await page.fill('textarea[name=step-note]', '货物已移走');
      await page.click('[data-testid=confirm-step]');
      await page.waitForFunction(() => document.querySelector('[data-testid=rect-status]')?.textContent === '已整改');
      await waitSynced(page);
      await page.waitForSelector('[data-step=verified]');
      await page.click('[data-step=verified]');
      await photoWithMarks(page, '[data-testid=step-photo]', await cameraPhoto(page, '#939'), 'circle');
      await page.fill('textarea[name=step-note]', '复查合格');
      await page.click('[data-testid=confirm-step]');
      await page.waitForFunction(() => document.querySelector('[data-testid=rect-status]')?.textContent === '已复查');
      await waitSynced(page);
      const checked = await root.collection('rectifications').getOne(rect.id);
      assert.equal(checked.status, 'verified');
      assert.equal(checked.verified_by, fx.manager.id);
      assert.equal(checked.done_photos.length, 1);
      assert.equal(checked.verify_photos.length, 1);
      const timeline = await root.collection('rectification_events').getFullList({ filter: `rectification = "${rect.id}"`, sort: 'at' });
      assert.deepEqual(timeline.map((e) => e.kind), ['opened', 'done', 'verified']);

      // a second phone sees it verified, with its timeline
      const other = await newPhone('inspector');
      try {
        await other.page.goto(srv.url + '/#/rectifications/' + rect.id);
        await other.page.waitForFunction(() => document.querySelector('[data-testid=rect-status]')?.textContent === '已复查', null, { timeout: 15_000 });
        await other.page.waitForFunction(() => document.querySelectorAll('[data-testid=rect-timeline] li[data-kind]').length === 3);
        // the people arrive with the mall's staff, maybe a pull after the timeline
        await other.page.waitForFunction(() => /复查通过 · manager 甲/.test(document.querySelector('[data-testid=rect-timeline]')?.textContent ?? ''), null, { timeout: 15_000 });
      } finally {
        await other.context.close();
      }
      fx.inspection = id;
      fx.rect = rects[0];
    } finally {
      await context.close();
      await proxy.close();
    }
  }],

  ['inspections: each role gets its own bar; the new screens at 360 px have no horizontal scroll and no serious axe violations', async () => {
    await setup();
    const problems = [];
    const check = async (page, name) => {
      const over = await horizontalOverflow(page);
      if (over > 0) problems.push(`${name}: scrolls ${over}px sideways`);
      for (const v of await seriousViolations(page)) problems.push(`${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
    };
    const bar = (page) => page.$$eval('nav.tabs a', (l) => l.map((a) => a.textContent.replace(/\s*\(\d+\)$/, '')));

    const insp = await newPhone('inspector');
    try {
      const { page } = insp;
      await page.waitForSelector('#rounds-title'); // the inspector starts on the rounds
      assert.deepEqual(await bar(page), ['巡检计划', '巡检', '整改', '待发送', '更多']);
      for (const a of await page.$$('nav.tabs a')) assert.ok((await a.boundingBox()).width >= 48 && (await a.boundingBox()).height >= 48);
      await check(page, 'rounds');
      await page.click('[data-testid=nav-more]');
      await page.waitForSelector('#more-title');
      assert.match(await page.textContent('#main'), /投诉[\s\S]*满意度[\s\S]*设置/);
      await check(page, 'more');
      for (const [name, hash, sel] of [
        ['inspection list', '#/inspections', '#insp-title'],
        ['new inspection', '#/inspections/new', '#new-insp-title'],
        ['inspection detail', '#/inspections/' + (fx.inspection ?? ''), fx.inspection ? '[data-testid=inspection-score]' : '#main'],
        ['rectification list', '#/rectifications', '#rect-title'],
        ['rectification detail', '#/rectifications/' + (fx.rect?.id ?? ''), fx.rect ? '[data-testid=rect-status]' : '#main'],
      ]) {
        await page.goto(srv.url + '/' + hash);
        await page.waitForSelector(sel);
        await check(page, name);
      }
      // a round in progress, with the markup open
      await page.goto(srv.url + '/#/inspections/new');
      await page.fill('input[name=floor]', '2F');
      await page.click('[data-testid=start-round]');
      await page.waitForSelector('[data-testid=submit-round]');
      await answer(page, 'price-complete', 'fail');
      await check(page, 'running a round');
      await page.setInputFiles('[data-testid=photo-price-complete]', await cameraPhoto(page, '#a33'));
      await page.waitForSelector('[data-testid=markup-canvas]');
      await check(page, 'photo markup');
      await page.click('[data-testid=markup-save]');
      // English on the same screens
      await page.goto(srv.url + '/#/settings');
      await page.click('button:has-text("English")');
      await page.goto(srv.url + '/#/rounds');
      await page.waitForSelector('#rounds-title');
      assert.match(await page.textContent('#rounds-title'), /My rounds/);
      await check(page, 'rounds (English)');
      await page.goto(srv.url + '/#/rectifications');
      await page.waitForSelector('#rect-title');
      await check(page, 'rectifications (English)');
    } finally {
      await insp.context.close();
    }

    const desk = await newPhone('service');
    try {
      const { page } = desk;
      await page.waitForSelector('#list-title'); // service staff start on the complaints
      assert.deepEqual(await bar(page), ['投诉', '满意度', '待发送', '设置']);
      await page.goto(srv.url + '/#/surveys');
      await page.waitForSelector('#sv-title');
      await check(page, 'surveys');
      await page.click('[data-testid=start-customer]');
      await page.waitForSelector('[data-testid=survey-question]');
      await check(page, 'survey question');
      await page.click('button[data-score="1"]');
      await page.waitForSelector('textarea[name=comment]');
      await check(page, 'survey comment');
      await page.click('[data-testid=survey-next]');
      for (let i = 0; i < 4; i++) await page.click('button[data-score="5"]');
      await page.waitForSelector('[data-testid=survey-verdict]');
      assert.match(await page.textContent('[data-testid=survey-verdict]'), /很不满意[\s\S]*不满意/);
      await check(page, 'survey summary');
      await page.click('[data-testid=survey-save]');
      await page.waitForSelector('[data-testid=survey-saved]');
      await page.goto(srv.url + '/#/surveys');
      await page.waitForSelector('[data-testid=survey-row]');
      await check(page, 'survey list with a response');
      await page.click('[data-testid=survey-row]');
      await page.waitForSelector('[data-testid=survey-detail-verdict]');
      await check(page, 'survey detail');
    } finally {
      await desk.context.close();
    }
    const mgr = await newPhone('manager');
    try {
      assert.deepEqual(await bar(mgr.page), ['投诉', '巡检计划', '巡检', '整改', '更多']);
    } finally {
      await mgr.context.close();
    }
    assert.deepEqual(problems, []);
  }],

  ['inspections: teardown', async () => {
    await browser?.close();
    await srv?.stop();
  }],
];

// The PWA in real headless Chromium against the real server: offline start
// from the service worker, complaints registered offline (one with a photo),
// synced when the network returns, two phones converging, a workflow
// conflict shown in plain words, layout at 360 px and accessibility.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cameraPicture, horizontalOverflow, launch, launchPersistent, seriousViolations, submitSignIn } from './browser.mjs';
import { startProxy } from './proxy.mjs';
import { rootClient, startServer, work } from './server.mjs';

const ROOT = ['root@e2e.test', 'e2e-root-secret-1'];
const PASSWORD = 'e2e-pass-12345';
let photo = readFileSync(new URL('../public/icon-512.png', import.meta.url));

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(buf) {
  assert.equal(buf.readUInt16BE(0), 0xffd8, 'a JPEG');
  for (let i = 2; i < buf.length; ) {
    const marker = buf.readUInt16BE(i);
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xffc0 && marker <= 0xffc2) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

let srv;
let browser;
let root;
const fx = {};

async function setup() {
  if (srv) return;
  srv = await startServer({ superuser: ROOT });
  root = await rootClient(srv.url, ROOT);
  fx.AA = await root.collection('malls').create({ code: 'AA', name: '甲商场', timezone: 'Asia/Shanghai' });
  fx.BB = await root.collection('malls').create({ code: 'BB', name: '乙商场' });
  for (const [role, mall] of [['service', fx.AA], ['manager', fx.AA], ['inspector', fx.AA], ['service', fx.BB]]) {
    const email = `${role}.${mall.code.toLowerCase()}@e2e.test`;
    fx[`${role}@${mall.code}`] = await root.collection('users').create({
      email, password: PASSWORD, passwordConfirm: PASSWORD, name: `${role} ${mall.code}`, role, malls: [mall.id], verified: true,
    });
  }
  fx.shop = await root.collection('shops').create({ mall: fx.AA.id, name: '顾家家居', floor: '3F', booth: '301' });
  await root.collection('shops').create({ mall: fx.BB.id, name: '乙店', floor: '1F' });
  browser = await launch();
}

async function newPhone(who) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', serviceWorkers: 'allow' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  [${who} page error] ${e.message}`));
  await page.goto(srv.url + '/');
  await submitSignIn(page, fx[who].email, PASSWORD);
  await page.waitForSelector('#main h1'); // the role's first screen
  if (!process.env.E2E_NOSYNC) await waitSynced(page);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15_000 });
  return { context, page };
}

/** The outbox tab counts n unsent changes (whatever the sync badge is busy with). */
async function waitPending(page, n) {
  await page.waitForFunction((n) => document.querySelector('nav.tabs a[href="#/outbox"]')?.textContent.includes(`(${n})`), n, { timeout: 10_000 });
}

/** The badge says everything is sent and a sync has happened. */
async function waitSynced(page, timeout = 15_000) {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid=sync-badge]');
    return b && b.classList.contains('ok') && !b.textContent.includes('从未') && !b.textContent.includes('同步中');
  }, null, { timeout });
}

async function register(page, { name, description, channel = '电话', withPhoto = false }) {
  await page.click('[data-testid=new-complaint]');
  await page.waitForSelector('#new-title');
  await page.click(`fieldset.seg label:has-text("${channel}")`);
  await page.selectOption('select[name=target]', 'product');
  if (!process.env.E2E_NOSYNC) await page.selectOption('select[name=shop]', fx.shop.id);
  await page.fill('input[name=customer_name]', name);
  await page.fill('input[name=phone]', '13800000000');
  await page.fill('textarea[name=description]', description);
  await page.fill('input[name=location]', '3F 301');
  await page.fill('textarea[name=demand]', '退货');
  if (withPhoto) {
    await page.setInputFiles('[data-testid=photo-input]', { name: 'camera.png', mimeType: 'image/png', buffer: photo });
    await page.waitForSelector('.thumb img');
  }
  await page.click('[data-testid=save-complaint]');
  await page.waitForSelector('[data-testid=local-ref], [data-testid=complaint-number]');
  return page.url().split('#/c/')[1];
}

async function serverComplaint(id) {
  return root.collection('complaints').getOne(id);
}

async function act(page, action, fill = async () => {}) {
  await page.click(`[data-action=${action}]`);
  await fill();
  await page.click('[data-testid=confirm-action]');
  await page.waitForSelector('[data-testid=action-form]', { state: 'detached' });
}

export default [
  ['pwa: sign in, offline reload from the service worker, two complaints offline, synced on reconnect', async () => {
    await setup();
    const { context, page } = await newPhone('service@AA');
    await context.setOffline(true);
    const t0 = Date.now();
    await page.reload();
    await page.waitForSelector('#list-title');
    const offlineLoad = Date.now() - t0;
    console.log(`  shell reloaded offline in ${offlineLoad} ms`);

    photo = await cameraPicture(page); // 4000×3000
    const started = Date.now();
    const id1 = await register(page, { name: '王女士', description: '沙发皮面开裂', withPhoto: true });
    await page.goto(srv.url + '/#/');
    const id2 = await register(page, { name: '李先生', description: '送货延误三天', channel: '现场' });
    console.log(`  two complaints registered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(/^[a-z0-9]{15}$/.test(id1) && /^[a-z0-9]{15}$/.test(id2));
    await page.close();

    // reopen with no network: the app and both complaints are there, unsent
    const page2 = await context.newPage();
    await page2.goto(srv.url + '/');
    await page2.waitForSelector('[data-testid=complaint-row]');
    const rows = await page2.$$eval('[data-testid=complaint-row]', (els) => els.map((e) => ({ id: e.dataset.id, text: e.textContent })));
    for (const id of [id1, id2]) {
      const row = rows.find((r) => r.id === id);
      assert.ok(row, 'row for ' + id);
      assert.match(row.text, /待发送/);
      assert.match(row.text, /临-/);
    }
    assert.match(await page2.textContent('[data-testid=sync-badge]'), /2 条待发送/);
    await assert.rejects(serverComplaint(id1), 'not on the server yet');

    await context.setOffline(false);
    await waitSynced(page2, 30_000);
    for (const [id, name] of [[id1, '王女士'], [id2, '李先生']]) {
      const rec = await serverComplaint(id);
      assert.equal(rec.customer_name, name);
      assert.equal(rec.mall, fx.AA.id);
      assert.equal(rec.shop, fx.shop.id);
      assert.equal(rec.created_by, fx['service@AA'].id);
      assert.equal(rec.status, 'registered');
      assert.match(rec.number, /^AA-\d{4}-\d{6}$/);
      assert.equal(rec.photos.length, id === id1 ? 1 : 0);
      if (id === id1) {
        // shrunk on the phone: a JPEG whose long side is 1600 px
        const url = `${srv.url}/api/files/complaints/${id}/${rec.photos[0]}?token=${await root.files.getToken()}`;
        const file = Buffer.from(await (await fetch(url)).arrayBuffer());
        assert.deepEqual(jpegSize(file), { width: 1600, height: 1200 });
        assert.ok(file.length < 400_000, 'a few hundred KB at most, not ' + file.length);
      }
      await page2.goto(srv.url + '/#/c/' + id);
      await page2.waitForSelector('[data-testid=complaint-number]');
      assert.equal(await page2.textContent('[data-testid=complaint-number]'), rec.number);
    }
    assert.equal((await root.collection('complaints').getFullList({ filter: `customer_name = "王女士"` })).length, 1, 'sent once');
    // the list shows the server's SLA due times as badges, and filters by them
    await page2.goto(srv.url + '/#/');
    const row = `[data-testid=complaint-row][data-id="${id1}"]`;
    await page2.waitForSelector(`${row} [data-testid=sla]`);
    assert.match(await page2.textContent(`${row} [data-testid=sla]`), /方案时限 · \d+ 小时后到期/);
    await page2.click('.chips button:has-text("已逾期")');
    await page2.waitForSelector('text=没有符合条件的投诉');
    await page2.click('.chips button:has-text("全部")');
    await page2.fill('input[type=search]', '送货延误');
    await page2.waitForFunction(() => document.querySelectorAll('[data-testid=complaint-row]').length === 1);
    assert.equal(await page2.getAttribute('[data-testid=complaint-row]', 'data-id'), id2);
    fx.id1 = id1;
    await context.close();
  }],

  ['pwa: after a restart of the whole browser, the app opens offline, signed in, with its outbox', async () => {
    await setup();
    // the server is reached through a proxy that can cut the network for the
    // page and the service worker alike, also while the browser starts
    const proxy = await startProxy(srv.url);
    const profile = join(work, 'profile');
    let context = await launchPersistent(profile);
    try {
      let page = context.pages()[0] ?? (await context.newPage());
      await page.goto(proxy.url + '/');
      await submitSignIn(page, fx['service@AA'].email, PASSWORD);
      await waitSynced(page);
      await page.waitForFunction(() => !!navigator.serviceWorker.controller);
      proxy.block('/');
      await page.reload();
      await page.waitForSelector('#list-title');
      const id = await register(page, { name: '冯女士', description: '重启前登记' });
      await context.close(); // the browser process ends

      context = await launchPersistent(profile);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(proxy.url + '/');
      await page.waitForSelector(`[data-testid=complaint-row][data-id="${id}"]`);
      assert.match(await page.textContent(`[data-testid=complaint-row][data-id="${id}"]`), /待发送/);
      await waitPending(page, 1);
      proxy.block('');
      await page.click('[data-testid=sync-badge]');
      await page.click('[data-testid=sync-now]');
      await page.goto(proxy.url + '/#/');
      await page.waitForSelector(`[data-testid=complaint-row][data-id="${id}"] >> text=/^AA-\\d{4}-/`, { timeout: 20_000 });
      assert.equal((await serverComplaint(id)).customer_name, '冯女士');
    } finally {
      await context.close();
      await proxy.close();
    }
  }],

  ['pwa: Background Sync sends the outbox with the app closed', async () => {
    await setup();
    const { context, page } = await newPhone('service@AA');
    await context.setOffline(true);
    const id = await register(page, { name: '郑先生', description: '关闭应用后由后台同步发送' });
    await page.close();
    // Chromium fires the registered sync event when the network is back; CDP
    // fires it too, so the test does not depend on the browser's timing
    const blank = await context.newPage();
    const cdp = await context.newCDPSession(blank);
    const regs = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => regs.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    for (let i = 0; i < 50 && !regs.some((r) => r.scopeURL.startsWith(srv.url)); i++) await blank.waitForTimeout(100);
    const reg = regs.find((r) => r.scopeURL.startsWith(srv.url) && !r.isDeleted);
    assert.ok(reg, 'the app service worker is registered');
    await context.setOffline(false);
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: srv.url, registrationId: reg.registrationId, tag: 'mallcare-outbox', lastChance: false });
    let rec = null;
    for (let i = 0; i < 100 && !rec; i++) {
      rec = await serverComplaint(id).catch(() => null);
      if (!rec) await blank.waitForTimeout(100);
    }
    assert.ok(rec, 'sent by the service worker with no page open');
    assert.equal(rec.created_by, fx['service@AA'].id);
    await context.close();
  }],

  ['pwa: an expired login offline keeps the outbox; after signing in again it is sent under the account', async () => {
    await setup();
    const { context, page } = await newPhone('service@AA');
    await context.setOffline(true);
    // the stored token expires (the server would refuse it too)
    await page.evaluate(() => {
      const auth = JSON.parse(localStorage.getItem('pocketbase_auth'));
      const b64 = (o) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
      auth.token = [b64({ alg: 'HS256', typ: 'JWT' }), b64({ id: auth.record.id, type: 'auth', exp: 1 }), 'x'].join('.');
      localStorage.setItem('pocketbase_auth', JSON.stringify(auth));
    });
    await page.reload();
    await page.waitForSelector('#list-title'); // still working, offline
    const id = await register(page, { name: '周女士', description: '过期登录时登记' });
    assert.equal(await page.$('.modal'), null, 'no sign-in prompt while offline');
    await context.setOffline(false);
    await page.waitForSelector('.modal #login-title', { timeout: 15_000 });
    assert.match(await page.textContent('.modal'), /登录已过期/);
    assert.equal(await page.evaluate(() => new Promise((res) => {
      const r = indexedDB.open('mallcare');
      r.onsuccess = () => { const c = r.result.transaction('outbox').objectStore('outbox').count(); c.onsuccess = () => res(c.result); };
    })), 1, 'the outbox is kept');
    await assert.rejects(serverComplaint(id));
    await page.fill('.modal input[name=password]', PASSWORD);
    await page.click('.modal button[type=submit]');
    await page.waitForSelector('.modal', { state: 'detached' });
    await page.waitForSelector('[data-testid=complaint-number]', { timeout: 15_000 });
    const rec = await serverComplaint(id);
    assert.equal(rec.created_by, fx['service@AA'].id);
    await context.close();
  }],

  ['pwa: a new deploy updates the app by itself and the outbox survives', async () => {
    await setup();
    const proxy = await startProxy(srv.url);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.goto(proxy.url + '/');
      await submitSignIn(page, fx['service@AA'].email, PASSWORD);
      await waitSynced(page);
      await page.waitForFunction(() => !!navigator.serviceWorker.controller);
      // the network drops every push: the change waits in the outbox
      proxy.block('/api/sync/push');
      await page.goto(proxy.url + '/#/');
      const id = await register(page, { name: '吴先生', description: '更新前登记' });
      await page.goto(proxy.url + '/#/');
      await page.waitForSelector(`[data-testid=complaint-row][data-id="${id}"]`);
      const before = await page.evaluate(() => performance.timeOrigin);
      proxy.deploy();
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      // the new version takes over and reloads the page
      await page.waitForFunction((t) => performance.timeOrigin !== t, before, { timeout: 20_000 }).catch(() => {});
      await page.waitForSelector('#list-title');
      assert.notEqual(await page.evaluate(() => performance.timeOrigin), before, 'the page reloaded into the new version');
      assert.ok(await page.evaluate(() => fetch('/sw.js').then((r) => r.text()).then((t) => t.includes('deploy 2'))));
      await page.waitForSelector(`[data-testid=complaint-row][data-id="${id}"]`);
      await waitPending(page, 1);

      // signing out with an unsent change asks first (here: the person says no)
      await page.goto(proxy.url + '/#/settings');
      const asked = new Promise((resolve) => page.once('dialog', async (d) => {
        resolve(d.message());
        await d.dismiss();
      }));
      await page.click('[data-testid=sign-out]');
      assert.match(await asked, /1 条记录未发送/);
      await page.waitForSelector('#settings-title');

      // the outbox can be saved to a file as a last resort
      await page.goto(proxy.url + '/#/outbox');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=导出待发送记录到文件')]);
      const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.equal(exported.mutations.length, 1);
      assert.equal(exported.mutations[0].recordId, id);
      assert.equal(exported.mutations[0].data.customer_name, '吴先生');

      proxy.block('');
      await page.click('[data-testid=sync-badge]');
      await page.click('[data-testid=sync-now]');
      await waitSynced(page);
      assert.equal((await serverComplaint(id)).customer_name, '吴先生');
    } finally {
      await context.close();
      await proxy.close();
    }
  }],

  ['pwa: two tabs of one phone: only one syncs at a time (Web Locks), nothing sent twice', async () => {
    await setup();
    const proxy = await startProxy(srv.url);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    try {
      const tab1 = await context.newPage();
      await tab1.goto(proxy.url + '/');
      await submitSignIn(tab1, fx['service@AA'].email, PASSWORD);
      await waitSynced(tab1);
      const tab2 = await context.newPage();
      await tab2.goto(proxy.url + '/');
      await waitSynced(tab2);
      await context.setOffline(true);
      const ids = [];
      for (const [tab, name] of [[tab1, '孙女士'], [tab2, '钱先生']]) {
        await tab.goto(proxy.url + '/#/');
        ids.push(await register(tab, { name, description: '两个标签页' }));
      }
      proxy.sync.max = 0;
      proxy.sync.count = 0;
      await context.setOffline(false); // both tabs hear "online" at once
      for (const tab of [tab1, tab2]) {
        await tab.bringToFront();
        await tab.goto(proxy.url + '/#/');
        for (const id of ids) await tab.waitForSelector(`[data-testid=complaint-row][data-id="${id}"] >> text=/^[A-Z]{2}-\\d{4}-/`, { timeout: 20_000 });
      }
      assert.ok(proxy.sync.count >= 2, 'sync requests went through the proxy');
      assert.equal(proxy.sync.max, 1, 'never two sync requests at once');
      for (const id of ids) assert.equal((await root.collection('complaints').getFullList({ filter: `id = "${id}"` })).length, 1);
    } finally {
      await context.close();
      await proxy.close();
    }
  }],

  ['pwa: two phones edit one complaint, one offline: both converge, the illegal move shows a conflict', async () => {
    await setup();
    const a = await newPhone('service@AA');
    const b = await newPhone('manager@AA');
    const id = await register(a.page, { name: '张女士', description: '标价签与结算价不一致', channel: '现场' });
    await a.page.waitForSelector('[data-testid=complaint-number]', { timeout: 15_000 });
    const number = await a.page.textContent('[data-testid=complaint-number]');
    // live update: phone B learns of it without a reload
    await b.page.waitForSelector(`[data-testid=complaint-row][data-id="${id}"]`, { timeout: 10_000 });

    await b.context.setOffline(true);
    await b.page.goto(srv.url + '/#/c/' + id);
    await b.page.waitForSelector('[data-testid=complaint-number]');
    await act(b.page, 'verifying');
    await act(b.page, 'note', () => b.page.fill('textarea[name=text]', '已联系商户核实'));
    assert.equal(await b.page.textContent('[data-testid=status]'), '核实中');

    await a.page.goto(srv.url + '/#/c/' + id);
    await act(a.page, 'verifying');
    await act(a.page, 'proposed', () => a.page.fill('textarea[name=plan]', '退还差价 300 元'));
    await waitSynced(a.page);
    assert.equal((await serverComplaint(id)).status, 'proposed');

    await b.context.setOffline(false);
    await b.page.waitForSelector('[data-testid=conflict]', { timeout: 30_000 });
    const conflict = await b.page.textContent('[data-testid=conflict]');
    assert.match(conflict, /没有生效/);
    assert.match(conflict, /已出方案/); // the server's words: from 已出方案 it cannot go to 核实中
    await b.page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === '已出方案');
    // the note (append-only) reached the server and phone A, live
    await a.page.waitForFunction(() => document.querySelector('[data-testid=timeline]')?.textContent.includes('已联系商户核实'), null, { timeout: 15_000 });
    await b.page.waitForFunction(() => document.querySelector('[data-testid=timeline]')?.textContent.includes('已联系商户核实'), null, { timeout: 15_000 });
    const events = await root.collection('complaint_events').getFullList({ filter: `complaint = "${id}" && kind = "note"` });
    assert.equal(events.length, 1);
    assert.equal(await a.page.textContent('[data-testid=status]'), '已出方案');
    assert.equal(await b.page.textContent('[data-testid=complaint-number]'), number);
    // the conflict is listed in B's outbox until dismissed
    await b.page.click('[data-testid=conflict] button');
    await b.page.waitForSelector('[data-testid=conflict]', { state: 'detached' });

    // the rest of the workflow from phone A: resolve with type and amount, callback, close
    await act(a.page, 'resolved', async () => {
      await a.page.selectOption('select[name=resolution_type]', 'compensation');
      await a.page.fill('input[name=amount]', '300');
    });
    await act(a.page, 'visited', () => a.page.click('fieldset.seg label:has-text("基本满意")'));
    await act(a.page, 'closed');
    await a.page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === '已结案' && !document.querySelector('.detail header .tag.wait'));
    await waitSynced(a.page);
    const rec = await serverComplaint(id);
    assert.equal(rec.status, 'closed');
    assert.equal(rec.resolution_type, 'compensation');
    assert.equal(rec.amount, 300);
    assert.equal(rec.callback_verdict, 'basically_satisfied');
    fx.id2 = id;
    await a.context.close();
    await b.context.close();
  }],

  ['pwa: inspectors read complaints only', async () => {
    await setup();
    const { context, page } = await newPhone('inspector@AA');
    await page.goto(srv.url + '/#/complaints'); // under 更多 for inspectors
    await page.waitForSelector(`[data-testid=complaint-row][data-id="${fx.id1}"]`);
    assert.equal(await page.$('[data-testid=new-complaint]'), null);
    await page.goto(srv.url + '/#/c/' + fx.id1);
    await page.waitForSelector('[data-testid=complaint-number]');
    assert.equal(await page.$('[data-action]'), null);
    assert.match(await page.textContent('#main'), /巡检员只能查看投诉/);
    await context.close();
  }],

  ['pwa: 360×740 main screens have no horizontal scroll and no serious axe violations', async () => {
    await setup();
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(srv.url + '/');
    await page.waitForSelector('input[name=email]');
    const problems = [];
    const check = async (name) => {
      const over = await horizontalOverflow(page);
      if (over > 0) problems.push(`${name}: scrolls ${over}px sideways`);
      for (const v of await seriousViolations(page)) problems.push(`${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
    };
    await check('sign-in');
    await submitSignIn(page, fx['service@AA'].email, PASSWORD);
    await page.waitForSelector('[data-testid=complaint-row]');
    await waitSynced(page);
    for (const [name, hash, sel] of [
      ['list', '#/', '[data-testid=complaint-row]'],
      ['new', '#/new', '#new-title'],
      ['detail', '#/c/' + fx.id1, '[data-testid=complaint-number]'],
      ['outbox', '#/outbox', '#outbox-title'],
      ['settings', '#/settings', '#settings-title'],
    ]) {
      await page.goto(srv.url + '/' + hash);
      await page.waitForSelector(sel);
      await check(name);
    }
    // English on a switch, remembered
    await page.click('button:has-text("English")');
    await page.goto(srv.url + '/#/');
    await page.waitForSelector('[data-testid=complaint-row]');
    assert.match(await page.textContent('#list-title'), /Open complaints/);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await check('list (English)');
    await page.reload();
    await page.waitForSelector('#list-title');
    assert.match(await page.textContent('#list-title'), /Open complaints/);
    await context.close();
    assert.deepEqual(problems, []);
  }],

  ['pwa: teardown', async () => {
    await browser?.close();
    await srv?.stop();
  }],
];

// Running a mall from the app, in real Chromium against the real server:
// an admin adds an inspector (one-time password), imports a shop list whose
// bad row is fixed in the preview, adapts the inspection checklist; the new
// inspector signs in on a second phone, sets a password and has the new
// shops and the changed checklist; a major complaint registered on a third
// phone reaches the admin's screen (inbox badge and a system notification)
// within seconds; deactivated, the inspector's phone is told so in words.
// Every admin screen: no sideways scroll at 360 px, axe clean, zh and en.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { horizontalOverflow, launch, openPhone, seriousViolations, submitSignIn, openTab } from './browser.mjs';
import { startServer, rootClient, work } from './server.mjs';

const ROOT = ['root@admin.e2e.test', 'e2e-root-secret-1'];
const PASSWORD = 'e2e-pass-12345';

const phone = openPhone;

/** The records of one collection in the phone's own store (IndexedDB). */
function localRecords(page, collection) {
  return page.evaluate((c) => new Promise((resolve, reject) => {
    const open = indexedDB.open('mallcare');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('records').objectStore('records').getAll(IDBKeyRange.bound(c + '/', c + '/\uffff'));
      req.onsuccess = () => { open.result.close(); resolve(req.result); };
      req.onerror = () => reject(req.error);
    };
  }), collection);
}

async function until(what, fn, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** 360 px without sideways scroll and no serious axe violations. */
async function fits(page, where) {
  assert.deepEqual(await seriousViolations(page), [], 'axe: ' + where);
  assert.ok((await horizontalOverflow(page)) <= 0, 'no horizontal scroll: ' + where);
}

export default [
  ['admin: staff, shop import with a fix, checklist edit; the new inspector gets them; a major complaint notifies the admin at once', async () => {
    const srv = await startServer({ superuser: ROOT });
    const browser = await launch();
    try {
      const root = await rootClient(srv.url, ROOT);
      const AA = await root.collection('malls').create({ code: 'AA', name: '甲商场', timezone: 'Asia/Shanghai' });
      const users = {};
      for (const [key, role] of [['admin', 'admin'], ['desk', 'service']]) {
        users[key] = await root.collection('users').create({
          email: `${key}@admin.e2e.test`, password: PASSWORD, passwordConfirm: PASSWORD, name: key === 'admin' ? '王经理' : '前台小张', role, malls: [AA.id], verified: true,
        });
      }

      // --- the admin, with system notifications allowed -----------------------------
      const admin = await phone(browser, srv.url, { permissions: ['notifications'] });
      const a = admin.page;
      await submitSignIn(a, users.admin.email, PASSWORD);
      await a.waitForSelector('#list-title');
      await openTab(a, 'nav-admin');
      await a.waitForSelector('#admin-title');
      await fits(a, 'admin hub');

      // staff: add an inspector; the one-time password is shown once
      await a.click('[data-testid=admin-staff]');
      await a.waitForSelector('[data-testid=staff-row]');
      await a.click('[data-testid=add-staff]');
      await a.fill('[data-testid=new-staff] input[name=name]', '巡检员小李');
      await a.fill('[data-testid=new-staff] input[name=email]', 'li@admin.e2e.test');
      await a.fill('[data-testid=new-staff] input[name=phone]', '13900000001');
      await a.selectOption('[data-testid=new-staff] select[name=role]', 'inspector');
      await fits(a, 'staff with the new-person form');
      await a.click('[data-testid=create-staff]');
      const once = (await a.textContent('[data-testid=once-value]', { timeout: 10_000 })).trim();
      assert.match(once, /^[A-Za-z2-9]{10}$/, 'a one-time password');
      await fits(a, 'staff with the one-time password');
      await a.click('[data-testid=once-done]');
      assert.equal(await a.locator('[data-testid=once-password]').count(), 0, 'the password is gone once done');
      const row = a.locator('[data-testid=staff-row][data-email="li@admin.e2e.test"]');
      await row.waitFor();
      assert.match(await row.textContent(), /巡检员.*待设置密码/);
      // the admin is not offered to deactivate themselves
      assert.equal(await a.locator(`[data-testid=staff-row][data-email="${users.admin.email}"] [data-testid=deactivate]`).count(), 0);

      // shops: import a CSV with one bad row, fix it in the preview, apply
      await a.goto(srv.url + '/#/admin/shops');
      await a.waitForSelector('#shops-title');
      await a.click('[data-testid=import-shops]');
      const csv = join(work, 'shops.csv');
      writeFileSync(csv, '商铺名称,品牌,楼层,铺位号,类别\n星巴克,Starbucks,1F,101,餐饮\n,无名,1F,102,服装\n优衣库,UNIQLO,2F,201,服装\n');
      await a.setInputFiles('[data-testid=import-file]', csv);
      const bad = a.locator('[data-testid=import-row][data-status=invalid]');
      await bad.waitFor({ timeout: 10_000 });
      assert.equal(await bad.getAttribute('data-line'), '3', 'the bad row is line 3 of the file');
      assert.match(await bad.textContent(), /缺少商铺名称/);
      assert.match(await a.textContent('[data-testid=import-summary]'), /新增 2.*有误 1/);
      assert.equal(await a.isDisabled('[data-testid=apply-import]'), true, 'nothing is applied with a bad row');
      await fits(a, 'shop import preview');
      await bad.locator('[data-testid=fix-name]').fill('无印良品');
      await a.click('[data-testid=recheck]');
      await a.waitForFunction(() => !document.querySelector('[data-testid=import-row][data-status=invalid]'));
      assert.match(await a.textContent('[data-testid=import-summary]'), /新增 3.*有误 0/);
      await a.click('[data-testid=apply-import]');
      await a.waitForSelector('[data-testid=import-done]', { timeout: 20_000 });
      assert.match(await a.textContent('[data-testid=import-done]'), /新增 3/);
      await a.waitForSelector('[data-testid=shop-row][data-name=无印良品]', { timeout: 15_000 });
      await a.fill('[data-testid=shop-search]', 'uniqlo');
      assert.equal(await a.locator('[data-testid=shop-row]').count(), 1, 'search by brand');
      await fits(a, 'shops');

      // the checklist: copy the manual's default and change an item
      await a.goto(srv.url + '/#/admin/templates');
      await a.waitForSelector('[data-testid=templates-inspection] [data-testid=copy-template]');
      await fits(a, 'templates');
      await a.click('[data-testid=templates-inspection] [data-testid=copy-template]');
      await a.waitForSelector('[data-testid=template-editor]');
      await a.locator('[data-testid=item-text]').first().fill('e2e：商品标价签齐全且清晰');
      await a.locator('[data-testid=item-weight]').first().fill('6');
      assert.match(await a.textContent('[data-testid=template-preview]'), /e2e：商品标价签齐全且清晰/, 'the preview follows the edit');
      await a.click('[data-testid=save-template]');
      await a.waitForSelector('[data-testid=template-saved]');
      await fits(a, 'checklist editor');
      const tpl = await until('the changed checklist on the server', async () => {
        const l = await root.collection('inspection_templates').getFullList({ filter: `mall = "${AA.id}"` });
        return l.find((t) => t.items?.[0]?.text === 'e2e：商品标价签齐全且清晰');
      });
      assert.equal(tpl.items[0].weight, 6);

      // plans: one for 1F this month, by the new inspector
      await a.goto(srv.url + '/#/admin/plans');
      await a.click('[data-testid=add-plan]');
      await a.fill('[data-testid=plan-form] input[name=floor]', '1F');
      await a.fill('[data-testid=plan-form] input[name=target]', '3');
      await until('the inspector in the assignee list', async () => (await a.locator('[data-testid=plan-form] select[name=assignee] option').count()) > 2);
      await a.selectOption('[data-testid=plan-form] select[name=assignee]', { label: '巡检员小李（巡检员）' });
      await a.click('[data-testid=save-plan]');
      await a.waitForSelector('[data-testid=plan-progress]', { timeout: 15_000 });
      assert.match(await a.textContent('[data-testid=plan-row]'), /完成 0\/3/);
      await fits(a, 'plans');

      // --- the new inspector on a second phone ---------------------------------------
      const second = await phone(browser, srv.url);
      const p2 = second.page;
      await submitSignIn(p2, 'li@admin.e2e.test', once);
      await p2.waitForSelector('[data-testid=set-password]');
      await fits(p2, 'set your own password');
      await p2.fill('input[name=new-password]', 'li-own-pass-1');
      await p2.fill('input[name=repeat-password]', 'li-own-pass-1');
      await p2.click('[data-testid=save-password]');
      // an inspector's home is the rounds: the plan the admin just made is on it
      await p2.waitForSelector('#rounds-title');
      await p2.waitForSelector('[data-testid=round-row][data-floor="1F"]');
      const shops = await until('the imported shops on the inspector\'s phone', async () => {
        const s = await localRecords(p2, 'shops');
        return s.length >= 3 && s;
      });
      assert.deepEqual(shops.map((s) => s.name).sort(), ['优衣库', '无印良品', '星巴克']);
      const templates = await localRecords(p2, 'inspection_templates');
      assert.ok(templates.some((t) => t.mall === AA.id && t.items[0].text === 'e2e：商品标价签齐全且清晰'), 'the changed checklist is on the phone');
      assert.equal(await p2.locator('[data-testid=nav-admin]').count(), 0, 'no admin tab for an inspector');
      await p2.goto(srv.url + '/#/admin/shops');
      await p2.waitForSelector('[data-testid=admin-only]');

      // --- a major complaint on a third phone reaches the admin at once ----------------
      const third = await phone(browser, srv.url);
      const p3 = third.page;
      await submitSignIn(p3, users.desk.email, PASSWORD);
      await p3.waitForSelector('#list-title');
      await a.goto(srv.url + '/#/');
      await a.waitForSelector('#list-title');
      await p3.click('[data-testid=new-complaint]');
      await p3.fill('input[name=customer_name]', '赵先生');
      await p3.fill('textarea[name=description]', '电视台记者到场采访，顾客投诉商品质量');
      await p3.click('label.seg-btn.major');
      const sent = Date.now();
      await p3.click('[data-testid=save-complaint]');
      await a.waitForFunction(() => /\(1\)/.test(document.querySelector('[data-testid=nav-notifications]')?.textContent ?? ''), null, { timeout: 10_000 });
      const seconds = (Date.now() - sent) / 1000;
      assert.ok(seconds < 10, `the admin heard of it within seconds (${seconds.toFixed(1)} s)`);
      const shown = await until('the system notification', () => a.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready;
        return (await reg.getNotifications()).map((n) => n.title).find((t) => t.startsWith('重大投诉'));
      }), 5000);
      assert.match(shown, /^重大投诉 AA-\d{4}-\d{6}$/);
      console.log(`  major complaint → admin's badge and system notification in ${seconds.toFixed(1)} s`);
      await a.click('[data-testid=nav-notifications]');
      const notice = a.locator('[data-testid=notice][data-kind=major_complaint]');
      await notice.waitFor();
      await fits(a, 'inbox');
      await notice.click();
      await a.waitForURL(/#\/c\/[a-z0-9]+$/);
      // read on every device: the flag reaches the server
      await until('the notice read on the server', async () => {
        const n = await root.collection('notifications').getFullList({ filter: `user = "${users.admin.id}" && kind = "major_complaint"` });
        return n.length === 1 && n[0].read;
      });
      await a.waitForFunction(() => !/\(\d+\)/.test(document.querySelector('[data-testid=nav-notifications]')?.textContent ?? ''));

      // --- deactivated: the inspector's phone says so, in words ------------------------
      await a.goto(srv.url + '/#/admin/staff');
      const li = a.locator('[data-testid=staff-row][data-email="li@admin.e2e.test"]');
      await li.waitFor();
      a.once('dialog', (d) => d.accept());
      await li.locator('[data-testid=deactivate]').click();
      await li.locator('.tag.bad').waitFor();
      await p2.goto(srv.url + '/#/');
      await p2.reload();
      await p2.waitForSelector('[data-testid=deactivated]', { timeout: 15_000 });
      assert.match(await p2.textContent('[data-testid=deactivated]'), /此账号已停用/);
      // and a sign-in elsewhere is refused with the reason
      const fourth = await phone(browser, srv.url);
      await submitSignIn(fourth.page, 'li@admin.e2e.test', 'li-own-pass-1');
      await fourth.page.waitForSelector('.login [role=alert]');
      assert.match(await fourth.page.textContent('.login [role=alert]'), /已被停用/);
      await fourth.context.close();

      // --- English, and a desktop browser ---------------------------------------------
      await a.evaluate(() => localStorage.setItem('lang', 'en'));
      for (const path of ['/admin', '/admin/staff', '/admin/shops', '/admin/templates', '/admin/plans', '/notifications']) {
        await a.goto(srv.url + '/#' + path);
        await a.reload();
        await a.waitForSelector('main h1');
        await a.waitForTimeout(300);
        await fits(a, 'English ' + path);
      }
      await a.setViewportSize({ width: 1280, height: 800 });
      await a.goto(srv.url + '/#/admin/shops');
      await a.waitForSelector('[data-testid=shop-row]');
      await fits(a, 'desktop shops');
      await a.evaluate(() => localStorage.setItem('lang', 'zh'));

      for (const c of [admin, second, third]) await c.context.close();
    } finally {
      await browser.close();
      await srv.stop();
    }
  }],
];

// The report page in real Chromium against the real server: an HQ admin sees
// this week's KPIs and charts, generates a weekly report, waits for it in the
// list and downloads the .xlsx through a signed link; a manager sees no nav
// entry and an "only admins" message; offline is said plainly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import PocketBase from 'pocketbase';
import { horizontalOverflow, launch, openPhone, seriousViolations, submitSignIn, openTab } from './browser.mjs';
import { startServer, rootClient } from './server.mjs';

const ROOT = ['root@reports.e2e.test', 'e2e-root-secret-1'];
const PASSWORD = 'e2e-pass-12345';

async function signIn(browser, url, email) {
  const { context, page } = await openPhone(browser, url, { acceptDownloads: true, who: email });
  await submitSignIn(page, email, PASSWORD);
  await page.waitForSelector('#list-title');
  return { context, page };
}

export default [
  ['reports: admin sees KPIs and charts, generates and downloads a weekly report; a manager is refused', async () => {
    const srv = await startServer({ superuser: ROOT });
    const browser = await launch();
    try {
      const root = await rootClient(srv.url, ROOT);
      const AA = await root.collection('malls').create({ code: 'AA', name: '甲商场', timezone: 'Asia/Shanghai' });
      const BB = await root.collection('malls').create({ code: 'BB', name: '乙商场', timezone: 'Asia/Shanghai' });
      const users = {};
      for (const [key, role, malls] of [['hq', 'admin', [AA.id, BB.id]], ['manager', 'manager', [AA.id]]]) {
        users[key] = await root.collection('users').create({
          email: `${key}@reports.e2e.test`, password: PASSWORD, passwordConfirm: PASSWORD, name: key, role, malls, verified: true,
        });
      }
      // three complaints registered now in AA: this week's 投诉受理数 is 3, two of them about a product
      const manager = new PocketBase(srv.url);
      manager.autoCancellation(false);
      await manager.collection('users').authWithPassword(users.manager.email, PASSWORD);
      for (const target of ['product', 'product', 'facility']) {
        await manager.collection('complaints').create({
          mall: AA.id, channel: 'desk', target, customer_name: '测试', description: 'e2e 报表', severity: 'general',
        });
      }

      // --- the HQ admin: nav entry, KPIs, charts -------------------------------
      const { context, page } = await signIn(browser, srv.url, users.hq.email);
      await openTab(page, 'nav-reports');
      await page.waitForSelector('#reports-title');
      await page.selectOption('[data-testid=reports-mall]', AA.id);
      await page.waitForSelector('[data-testid=kpi-list] [data-kpi=received]');
      const received = await page.textContent('[data-kpi=received] [data-testid=kpi-value]');
      assert.equal(received.trim(), '3', 'this week: 3 complaints received');
      // a rate with nothing counted shows "—" and 无数据, never 0 % or 100 %
      assert.equal((await page.textContent('[data-kpi=customer_satisfaction] [data-testid=kpi-value]')).trim(), '—');
      assert.match(await page.textContent('[data-kpi=customer_satisfaction]'), /无数据/);
      // 重大投诉 0 meets its target, said in words, not by colour alone
      assert.match(await page.textContent('[data-kpi=major]'), /目标 0.*达标/);
      for (const chart of ['bar', 'hbar', 'line']) {
        assert.equal(await page.locator(`svg[data-chart=${chart}]`).count() > 0, true, chart + ' chart drawn');
      }
      const rects = await page.locator('svg[data-chart=bar] rect.bar').count();
      assert.equal(rects, 7, 'one bar per day of the week');
      // the text alternative: the by-target table holds the figures
      const byTarget = await page.textContent('figure[aria-labelledby=chart-by-target] table');
      assert.match(byTarget, /商品质量\s*2/);
      assert.match(byTarget, /设施\s*1/);
      // last week: closed, nothing received, rates "—"
      await page.click('button[aria-label=上一期]');
      await page.waitForFunction(() => document.querySelector('.period-name')?.textContent.includes('已结束') && !!document.querySelector('[data-kpi=received]'));
      assert.equal((await page.textContent('[data-kpi=received] [data-testid=kpi-value]')).trim(), '0');
      await page.click('button[aria-label=下一期]');
      await page.waitForFunction(() => document.querySelector('[data-kpi=received] [data-testid=kpi-value]')?.textContent.trim() === '3');
      // the month: the trend has the three months before and this one
      await page.click('[data-testid=kpi-monthly]');
      // the week's figures may still be on screen for a frame: wait for the month's
      await page.waitForFunction(() => document.querySelector('[data-testid=kpi-monthly]')?.getAttribute('aria-pressed') === 'true'
        && document.querySelectorAll('figure[aria-labelledby=chart-trend] tbody tr').length === 4, null, { timeout: 10_000 });
      assert.match(await page.textContent('[data-testid=kpi-card]'), /考核总分/);

      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], 'axe: no serious violations on the report page');
      assert.ok((await horizontalOverflow(page)) <= 0, 'no horizontal scroll at 360 px');

      // --- generate the last closed week and wait for it in the list ----------
      const period = await page.inputValue('[data-testid=gen-period]');
      assert.match(period, /^\d{4}-W\d{2}$/, 'default: a week');
      assert.equal(await page.locator('[data-testid=report-row]').count(), 0);
      // an HQ admin generates for both of its malls at once
      await page.click('[data-testid=generate-card] label.seg-btn:has-text("乙商场")');
      assert.equal(await page.isChecked('[data-testid=generate-card] label.seg-btn:has-text("乙商场") input'), true);
      await page.click('[data-testid=generate]');
      await page.waitForSelector('[data-testid=gen-done]', { timeout: 60_000 });
      const row = page.locator(`[data-testid=report-row][data-period="${period}"][data-kind=weekly]`);
      await row.waitFor({ timeout: 10_000 });
      assert.match(await row.textContent(), /周报表/);
      assert.match(await page.textContent('[data-testid=gen-done]'), /AA、BB|BB、AA/);
      const stored = await root.collection('reports').getFullList({ filter: `period = "${period}" && kind = "weekly"` });
      assert.deepEqual(stored.map((r) => r.mall).sort(), [AA.id, BB.id].sort(), 'one report per mall');

      // --- the HQ view: the malls side by side, and one group workbook -----------
      await page.waitForSelector('[data-testid=compare-table] [data-testid=compare-rank]');
      assert.equal(await page.locator('[data-testid=compare-table] [data-testid=compare-rank]').count(), 2, 'one column per mall');
      const ranks = await page.locator('[data-testid=compare-rank]').allTextContents();
      assert.deepEqual(ranks.map(Number).sort(), [1, 2], 'the malls are ranked');
      await page.check('[data-testid=gen-group]');
      await page.click('[data-testid=generate]');
      await page.waitForSelector('[data-testid=gen-group-done]', { timeout: 60_000 });
      const groupRow = page.locator(`[data-testid=group-row][data-period="${period}"]`);
      await groupRow.waitFor({ timeout: 10_000 });
      assert.match(await groupRow.textContent(), /2 个商场.*AA、BB/);
      const [groupFile] = await Promise.all([page.waitForEvent('download'), groupRow.locator('[data-testid=group-download]').click()]);
      assert.equal(groupFile.suggestedFilename(), `集团周报表_AA-BB_${period}.xlsx`);
      assert.deepEqual(await seriousViolations(page), [], 'axe with the comparison and group list');
      assert.ok((await horizontalOverflow(page)) <= 0, 'the comparison scrolls inside its box, not the page');
      await page.uncheck('[data-testid=gen-group]');

      // --- download it through the signed link ---------------------------------
      const [download] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid=download]').click()]);
      assert.match(download.suggestedFilename(), new RegExp(`^周报表_AA_${period}\\.xlsx$`));
      const file = readFileSync(await download.path());
      assert.equal(file.subarray(0, 2).toString('latin1'), 'PK', 'the browser saved an xlsx (zip)');
      const res = await fetch(download.url());
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /spreadsheetml/);
      const body = Buffer.from(await res.arrayBuffer());
      assert.equal(body.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'the signed link serves the zip');
      assert.ok(download.url().includes('/api/reports/download/'), 'the download went through a signed link');

      // a report deleted meanwhile: the download says so in plain words
      await root.collection('reports').delete(stored.find((r) => r.mall === AA.id).id);
      await row.locator('[data-testid=download]').click();
      await row.locator('[role=alert]').waitFor();
      assert.match(await row.locator('[role=alert]').textContent(), /报表不存在/);

      // English at 360 px: still no serious violations, no sideways scroll
      await page.evaluate(() => localStorage.setItem('lang', 'en'));
      await page.reload();
      await page.waitForSelector('[data-kpi=received]');
      assert.match(await page.textContent('#reports-title'), /Reports/);
      assert.deepEqual(await seriousViolations(page), [], 'axe (English)');
      assert.ok((await horizontalOverflow(page)) <= 0, 'no horizontal scroll in English');
      await page.evaluate(() => localStorage.setItem('lang', 'zh'));
      await page.reload();
      await page.waitForSelector('[data-kpi=received]');

      // offline: said plainly, nothing half-shown
      await context.setOffline(true);
      await page.waitForSelector('[data-testid=reports-offline]');
      assert.equal(await page.locator('[data-testid=kpi-card]').count(), 0);
      await context.setOffline(false);
      await page.waitForSelector('[data-testid=kpi-card]');
      await context.close();

      // --- a manager: no nav entry, and a plain refusal at #/reports -----------
      const m = await signIn(browser, srv.url, users.manager.email);
      assert.equal(await m.page.locator('[data-testid=nav-reports]').count(), 0, 'no report tab for a manager');
      await m.page.goto(srv.url + '/#/reports');
      await m.page.waitForSelector('[data-testid=reports-admins-only]');
      assert.match(await m.page.textContent('[data-testid=reports-admins-only]'), /只有管理员/);
      assert.equal(await m.page.locator('[data-testid=kpi-card]').count(), 0);
      await m.context.close();
    } finally {
      await browser.close();
      await srv.stop();
    }
  }],
];

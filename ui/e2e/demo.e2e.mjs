// `serve --demo` on an empty directory prints the demo logins once; each
// demo user, signed in with the official JS SDK, sees exactly what the role
// and mall allow.
import assert from 'node:assert/strict';
import PocketBase from 'pocketbase';
import { startServer } from './server.mjs';

function parseLogins(stdout) {
  const logins = [];
  for (const line of stdout.split('\n')) {
    const m = line.match(/^\s+(\S+)\s+(\S+)\s+(\S+@\S+)\s+(\S+)\s*$/);
    if (m && m[1] !== 'role') logins.push({ role: m[1], mall: m[2], email: m[3], password: m[4] });
  }
  return logins;
}

async function client(url, login) {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  const col = login.role === 'superuser' ? '_superusers' : 'users';
  await pb.collection(col).authWithPassword(login.email, login.password);
  return pb;
}

async function status(promise) {
  try {
    await promise;
    return 200;
  } catch (err) {
    return err.status;
  }
}

export default [
  ['demo: logins printed once; each role sees its own mall only', async () => {
    const srv = await startServer({ demo: true });
    try {
      const logins = parseLogins(srv.stdout());
      assert.ok(logins.length >= 5, 'demo logins printed: ' + srv.stdout());
      const root = await client(srv.url, logins.find((l) => l.role === 'superuser'));
      const malls = await root.collection('malls').getFullList();
      assert.equal(malls.length, 2);
      const mallByCode = Object.fromEntries(malls.map((m) => [m.code, m]));
      // one complaint and one report per mall, to probe isolation with
      const probe = {};
      for (const m of malls) {
        const c = await root.collection('complaints').getList(1, 1, { filter: `mall = "${m.id}"` });
        assert.ok(c.items.length, 'demo complaints in ' + m.code);
        probe[m.id] = c.items[0].id;
        await root.collection('reports').create({ mall: m.id, kind: 'monthly', period: '2026-01', period_start: '2026-01-01 00:00:00Z', period_end: '2026-01-31 23:59:59Z' });
      }
      const users = logins.filter((l) => l.role !== 'superuser');
      for (const role of ['admin', 'manager', 'inspector', 'service']) {
        assert.ok(users.some((u) => u.role === role), 'a demo ' + role);
      }
      for (const login of users) {
        const who = `${login.role}@${login.mall}`;
        const pb = await client(srv.url, login);
        const own = mallByCode[login.mall].id;
        const other = malls.find((m) => m.id !== own).id;

        const seenMalls = await pb.collection('malls').getFullList();
        assert.deepEqual(seenMalls.map((m) => m.id), [own], who + ' sees only its mall');

        const complaints = await pb.collection('complaints').getFullList();
        assert.ok(complaints.length > 0, who + ' lists complaints');
        assert.ok(complaints.every((c) => c.mall === own), who + ' complaints all of its mall');
        assert.equal(await status(pb.collection('complaints').getOne(probe[other])), 404, who + ' other mall complaint → 404');
        assert.equal(await status(pb.collection('complaints').getOne(probe[own])), 200);

        const shops = await pb.collection('shops').getFullList();
        assert.ok(shops.length > 0 && shops.every((s) => s.mall === own), who + ' shops of its mall');

        const create = status(pb.collection('complaints').create({
          mall: own, channel: 'desk', target: 'shop', customer_name: '测试', description: 'e2e', severity: 'general',
        }));
        if (login.role === 'inspector') assert.notEqual(await create, 200, 'inspector cannot create complaints');
        else assert.equal(await create, 200, who + ' creates a complaint');

        const inspections = await pb.collection('inspections').getList(1, 50);
        if (login.role === 'service') assert.equal(inspections.totalItems, 0, 'service staff see no inspections');
        else assert.ok(inspections.items.every((i) => i.mall === own));

        const reports = await pb.collection('reports').getFullList();
        if (login.role === 'admin') assert.deepEqual(reports.map((r) => r.mall), [own], 'admin lists its reports');
        else assert.equal(reports.length, 0, who + ' lists no reports');
      }
      await srv.stop();
    } finally {
      await srv.stop();
    }
  }],
];

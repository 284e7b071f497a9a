// A pass-through HTTP proxy in front of the server that can pretend a new
// version was deployed (it changes sw.js), to test the app's self-update,
// drop requests, or lose replies after the server answered them.
import http from 'node:http';

export async function startProxy(target) {
  const state = { version: 1, blocked: '', lose: { prefix: '', count: 0, lost: 0, seen: 0 } };
  const sync = { inFlight: 0, max: 0, count: 0 }; // concurrent /api/sync/ requests
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/api/sync/')) {
      sync.count++;
      sync.max = Math.max(sync.max, ++sync.inFlight);
      res.once('close', () => sync.inFlight--);
    }
    if (state.blocked && req.url.startsWith(state.blocked)) {
      req.socket.destroy(); // the connection drops, as on a phone losing signal
      return;
    }
    const lose = state.lose.prefix && req.method === 'POST' && req.url.startsWith(state.lose.prefix) && ++state.lose.seen && state.lose.lost < state.lose.count;
    const up = http.request(target + req.url, { method: req.method, headers: req.headers }, (upRes) => {
      if (lose) {
        // the server has done its work; its answer never reaches the browser
        state.lose.lost++;
        upRes.resume();
        upRes.on('end', () => req.socket.destroy());
        return;
      }
      if (req.url.split('?')[0] === '/sw.js' && state.version > 1) {
        const chunks = [];
        upRes.on('data', (c) => chunks.push(c));
        upRes.on('end', () => {
          const body = Buffer.concat([Buffer.concat(chunks), Buffer.from(`\n// deploy ${state.version}\n`)]);
          const headers = { ...upRes.headers, 'content-length': String(body.length) };
          delete headers.etag;
          delete headers['last-modified'];
          res.writeHead(upRes.statusCode, headers);
          res.end(body);
        });
        return;
      }
      res.writeHead(upRes.statusCode, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sync,
    deploy() {
      state.version++;
    },
    /** Loses the replies of the next count POSTs under this path, after the server answered them. */
    loseReplies(prefix, count = 1) {
      state.lose = { prefix, count, lost: 0, seen: 0 };
    },
    lose: () => state.lose,
    /** Drops every request under this path (for the page and its service worker alike). */
    block(path) {
      state.blocked = path;
    },
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(r);
    }),
  };
}

#!/usr/bin/env node
// A bare-Node reference for the AUTH workload (GET /protected with a Bearer token), to compare the
// service with on the same machine in the same minute: node:http, no framework, an HS256 signature
// and expiry check (no revocation, no user lookup, no security headers, no metrics, no logging).
// It accepts the service's access tokens when JWT_SECRET is the same.
//   JWT_SECRET=... WORKERS=2 PORT=5300 node bench/bare-auth.mjs
//   wrk -t1 -c32 -d5s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:5300/protected
import cluster from 'node:cluster';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const workers = Number(process.env.WORKERS ?? 2);
const port = Number(process.env.PORT ?? 5300);
const secret = process.env.JWT_SECRET ?? 'bench-secret-bench-secret-bench-secret-0123456789';
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  http.createServer((req, res) => {
    const m = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(req.headers.authorization ?? '');
    let sub;
    if (m) {
      const expected = createHmac('sha256', secret).update(`${m[1]}.${m[2]}`).digest();
      const given = Buffer.from(m[3], 'base64url');
      if (given.length === expected.length && timingSafeEqual(given, expected)) {
        const claims = JSON.parse(Buffer.from(m[2], 'base64url').toString());
        if (typeof claims.exp === 'number' && claims.exp > Date.now() / 1000) sub = claims.sub;
      }
    }
    const body = sub !== undefined ? JSON.stringify({ logged_in_as: String(sub) }) : '{"error":"Invalid or expired token"}';
    res.writeHead(sub !== undefined ? 200 : 401, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }).listen(port, '127.0.0.1');
}

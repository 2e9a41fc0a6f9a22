#!/usr/bin/env node
// Pictures, in one run on this machine (only 127.0.0.1 is contacted):
//  1. serving a variant (GET /images/<hash>.webp) by the service with 2 workers (src/cluster.ts,
//     SQLite file) against a bare node:http static file server with 2 workers serving the same
//     bytes from a file, with wrk, alternately (A B A B), best of each;
//  2. upload-to-variants time of a 12-megapixel JPEG made by this script (PUT /recipes/{id}/image,
//     request sent to response received), median of --uploads runs;
//  3. with --avif: WebP and AVIF variants of a few pictures made here: bytes and encode time.
//
//   node bench/images.mjs [--duration 10] [--connections 32] [--uploads 3] [--avif] [--port 5199]
import { spawn, execFileSync } from 'node:child_process';
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    uploads: { type: 'string', default: '3' },
    avif: { type: 'boolean', default: false },
    port: { type: 'string', default: '5199' },
    'bare-server': { type: 'string' },
    'bare-port': { type: 'string' },
  },
});

// The bare reference: node:http, 2 workers, the file streamed with its length, type and ETag.
if (opt['bare-server']) {
  const file = opt['bare-server'];
  if (cluster.isPrimary) {
    for (let i = 0; i < 2; i++) cluster.fork();
  } else {
    const etag = `"${path.basename(file)}"`;
    http
      .createServer((req, res) => {
        fs.stat(file, (err, st) => {
          if (err) {
            res.writeHead(404).end();
            return;
          }
          res.writeHead(200, {
            'content-type': 'image/webp',
            'content-length': st.size,
            etag,
            'cache-control': 'public, max-age=31536000, immutable',
            'x-content-type-options': 'nosniff',
          });
          fs.createReadStream(file).pipe(res);
        });
      })
      .listen(Number(opt['bare-port']), '127.0.0.1');
  }
} else {
  await main();
}

/** A photo-like picture: smooth gradients with grain, so encoders work as on a real photo. */
async function photo(width, height, seed = 1) {
  const px = Buffer.alloc(width * height * 3);
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const bw = Math.ceil(width / 6);
  const blocks = Float32Array.from({ length: bw * Math.ceil(height / 6) }, () => (rnd() - 0.5) * 50);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      // Texture at the scale a variant keeps (blocks of 6 pixels) and grain finer than that.
      const g = blocks[Math.floor(y / 6) * bw + Math.floor(x / 6)] + (rnd() - 0.5) * 16;
      px[i] = Math.max(0, Math.min(255, 128 + 100 * Math.sin(x / (width / 7)) + g));
      px[i + 1] = Math.max(0, Math.min(255, 128 + 90 * Math.cos(y / (height / 5)) + g));
      px[i + 2] = Math.max(0, Math.min(255, 90 + 60 * Math.sin((x + y) / (width / 3)) + g));
    }
  }
  return sharp(px, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 88 })
    .toBuffer();
}

async function waitFor(url) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function wrk(url) {
  const out = execFileSync('wrk', ['-t', '2', '-c', opt.connections, '-d', `${opt.duration}s`, '--latency', url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p99 = /99%\s+([\d.]+\w+)/.exec(out)?.[1];
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p99, non2xx };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-images-'));
  const port = Number(opt.port);
  const base = `http://127.0.0.1:${port}`;
  const children = [];
  const stop = () => {
    for (const c of children) c.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.on('exit', stop);
  try {
    const service = spawn(process.execPath, ['--import', 'tsx', 'src/cluster.ts'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        WORKERS: '2',
        LOG_LEVEL: 'warn',
        DATABASE_URL: `sqlite:${path.join(tmp, 'bench.db')}`,
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
        RATE_LIMIT_GLOBAL_PER_IP: '0',
        RATE_LIMIT_REGISTER_PER_IP: '1000',
        RATE_LIMIT_LOGIN_PER_IP: '1000',
        METRICS_PUBLIC: 'true',
      },
    });
    children.push(service);
    await waitFor(`${base}/health`);
    const json = { 'content-type': 'application/json' };
    await fetch(`${base}/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'bench_images', password: 'bench password 1' }),
    });
    const { access_token: token } = await (
      await fetch(`${base}/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: 'bench_images', password: 'bench password 1' }),
      })
    ).json();
    const auth = { authorization: `Bearer ${token}` };
    const recipe = await (
      await fetch(`${base}/recipes`, {
        method: 'POST',
        headers: { ...json, ...auth },
        body: JSON.stringify({ title: 'Bench', ingredients: 'x', time_minutes: 1 }),
      })
    ).json();

    // 2. upload-to-variants, 12 megapixels.
    const big = await photo(4000, 3000);
    const times = [];
    let image;
    for (let i = 0; i < Number(opt.uploads); i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/recipes/${recipe.id}/image`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'image/jpeg' },
        body: big,
      });
      const body = await res.json();
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
      image = body.image;
    }
    times.sort((a, b) => a - b);
    console.log(
      `\nupload-to-variants, 4000x3000 JPEG of ${(big.length / 1e6).toFixed(1)} MB -> ${image.variants.map((v) => `${v.width}w`).join(', ')} WebP:` +
        ` median ${times[Math.floor(times.length / 2)].toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );

    // 1. serving: the 640-wide variant, service against bare.
    const variant = image.variants.find((v) => v.width === 640) ?? image.variants[0];
    const bytes = Buffer.from(await (await fetch(base + variant.url)).arrayBuffer());
    const file = path.join(tmp, path.basename(variant.url));
    fs.writeFileSync(file, bytes);
    const barePort = port + 1;
    const bare = spawn(process.execPath, [fileURLToPath(import.meta.url), '--bare-server', file, '--bare-port', String(barePort)], {
      stdio: 'inherit',
    });
    children.push(bare);
    await waitFor(`http://127.0.0.1:${barePort}/`);
    const runs = { service: [], bare: [] };
    for (let round = 0; round < 2; round++) {
      runs.service.push(wrk(base + variant.url));
      runs.bare.push(wrk(`http://127.0.0.1:${barePort}/`));
    }
    const best = (list) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
    const s = best(runs.service);
    const b = best(runs.bare);
    console.log(
      `\nserving a ${bytes.length}-byte variant, 2 workers each, wrk -c ${opt.connections} -d ${opt.duration}s, best of 2 alternating runs:`,
    );
    console.log(
      `  service  ${s.rps.toFixed(0)} req/s  p99 ${s.p99}  non-2xx ${s.non2xx}   (runs: ${runs.service.map((r) => r.rps.toFixed(0)).join(', ')})`,
    );
    console.log(
      `  bare     ${b.rps.toFixed(0)} req/s  p99 ${b.p99}  non-2xx ${b.non2xx}   (runs: ${runs.bare.map((r) => r.rps.toFixed(0)).join(', ')})`,
    );
    console.log(`  ratio    ${(s.rps / b.rps).toFixed(2)} (target >= 0.80)`);

    // 3. AVIF against WebP.
    if (opt.avif) {
      console.log('\nWebP (quality 80) vs AVIF (quality 50, effort 4) of the 1280/640/320 variants:');
      for (const [name, input] of [
        ['photo 4000x3000', big],
        ['photo 1600x1200', await photo(1600, 1200, 7)],
        [
          'flat graphic 1600x1200',
          await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#e8d8c0' } })
            .composite([
              {
                input: Buffer.from(
                  '<svg width="1600" height="1200"><circle cx="800" cy="600" r="400" fill="#c33"/><rect x="100" y="100" width="300" height="200" fill="#36c"/></svg>',
                ),
              },
            ])
            .jpeg()
            .toBuffer(),
        ],
      ]) {
        const row = [];
        for (const fmt of ['webp', 'avif']) {
          const t0 = performance.now();
          let total = 0;
          for (const w of [1280, 640, 320])
            total += (
              await sharp(input)
                .resize({ width: w })
                .toFormat(fmt, fmt === 'avif' ? { quality: 50, effort: 4 } : { quality: 80 })
                .toBuffer()
            ).length;
          row.push(`${fmt} ${(total / 1024).toFixed(0)} KiB in ${(performance.now() - t0).toFixed(0)} ms`);
        }
        console.log(`  ${name}: ${row.join('; ')}`);
      }
    }
  } finally {
    stop();
  }
}

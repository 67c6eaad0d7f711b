// The browser tests trust the fixture server's byte record; this checks that record against what a raw
// TCP client actually receives, response by response, on one keep-alive connection.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureServer } from '../../e2e/fixtures/server';

let server: FixtureServer;

beforeAll(async () => {
  server = await FixtureServer.start();
});
afterAll(async () => {
  await server.close();
});

/** A raw client that counts every byte it receives. */
class RawClient {
  received = Buffer.alloc(0);
  private readonly socket: net.Socket;
  closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
    socket.on('close', () => {
      this.closed = true;
    });
  }

  static connect(host: string, port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Waits until the server is idle and no byte has arrived for 150 ms; returns the bytes received meanwhile. */
  async settle(from: number): Promise<Buffer> {
    await server.idle(50);
    let last = -1;
    while (last !== this.received.length) {
      last = this.received.length;
      await new Promise((r) => setTimeout(r, 150));
    }
    return this.received.subarray(from);
  }

  end(): void {
    this.socket.destroy();
  }
}

function get(path: string, host: string, extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAccept-Encoding: gzip, br\r\nConnection: keep-alive\r\n${extra}\r\n`;
}

describe('FixtureServer byte record', () => {
  it('matches, per response, the bytes a raw client receives on one keep-alive socket', async () => {
    const host = `127.0.0.1:${server.port}`;
    const client = await RawClient.connect('127.0.0.1', server.port);
    const cases: { path: string; extra?: string; status: number; check?: (raw: string) => void }[] = [
      { path: '/s/unit/a/plain.css?size=5000', status: 200, check: (raw) => expect(raw).toMatch(/content-length: 5000/i) },
      { path: '/s/unit/a/big.js?size=40000&enc=gzip', status: 200, check: (raw) => expect(raw).toMatch(/content-encoding: gzip/i) },
      { path: '/s/unit/a/big.js?size=40000&enc=br', status: 200, check: (raw) => expect(raw).toMatch(/content-encoding: br/i) },
      {
        path: '/s/unit/a/chunks.txt?size=30000&te=chunked',
        status: 200,
        check: (raw) => {
          expect(raw).toMatch(/transfer-encoding: chunked/i);
          expect(raw).toMatch(/\r\n0\r\n\r\n$/);
        },
      },
      { path: '/s/unit/a/pieces.txt?size=30000&te=cl', status: 200, check: (raw) => expect(raw).toMatch(/content-length: 30000/i) },
      { path: '/s/unit/a/hop.svg?redir=1', status: 302, check: (raw) => expect(raw).toMatch(/location: \/s\/unit\/a\/hop\.svg\?redir=0/i) },
      { path: '/s/unit/a/missing.json?status=404&size=700', status: 404 },
      { path: '/favicon.ico', status: 404 },
    ];
    for (const c of cases) {
      const from = client.received.length;
      const mark = server.mark();
      client.write(get(c.path, host, c.extra));
      const raw = await client.settle(from);
      const recs = server.records({ since: mark });
      expect(recs).toHaveLength(1);
      const rec = recs[0]!;
      expect(rec.status).toBe(c.status);
      expect(rec.path).toBe(c.path);
      expect(rec.bytes).toBe(raw.length);
      expect(rec.headerBytes).toBe(raw.indexOf('\r\n\r\n') + 4);
      expect(rec.aborted).toBe(false);
      c.check?.(raw.toString('latin1'));
    }
    client.end();
  });

  it('records a 304 as its headers only, and tags records by scenario and host', async () => {
    const host = `127.0.0.2:${server.port}`;
    const client = await RawClient.connect('127.0.0.2', server.port);
    const path = '/s/etagged/a/style.css?size=3000&etag=1';
    client.write(get(path, host));
    const first = (await client.settle(0)).toString('latin1');
    const etag = /etag: ("[^"]+")/i.exec(first)?.[1];
    expect(etag).toBeDefined();

    const from = client.received.length;
    const mark = server.mark();
    client.write(get(path, host, `If-None-Match: ${etag}\r\n`));
    const raw = await client.settle(from);
    const [rec] = server.records({ since: mark });
    expect(rec?.status).toBe(304);
    expect(rec?.bytes).toBe(raw.length);
    expect(raw.toString('latin1')).toMatch(/\r\n\r\n$/); // no body
    expect(rec?.page).toBe('etagged');
    expect(rec?.host).toBe(host);
    expect(server.records({ page: 'etagged' })).toHaveLength(2);
    client.end();
  });

  it('serves the scenario pages with the three origins filled in', async () => {
    const res = await fetch(server.url('same-origin'));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).not.toContain('{{');
    // localhost may resolve to ::1 or 127.0.0.1: both listen.
    const viaLocalhost = await fetch(server.url('same-origin', '', 'b'));
    expect(viaLocalhost.status).toBe(200);
  });

  it('counts the WebSocket handshake as a 101 response and the frames in a separate record', async () => {
    const client = await RawClient.connect('127.0.0.1', server.port);
    const mark = server.mark();
    client.write(
      'GET /s/unit/ws?frames=3&size=300&interval=10 HTTP/1.1\r\n' +
        `Host: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    // Wait for the server's close frame (0x88), then answer it as a browser would (masked close frame).
    for (let i = 0; i < 100 && !client.received.includes(Buffer.from([0x88, 0x02])); i++) await new Promise((r) => setTimeout(r, 20));
    client.write(Buffer.from([0x88, 0x82, 1, 2, 3, 4, 0x03 ^ 1, 0xe8 ^ 2]));
    for (let i = 0; i < 100 && !client.closed; i++) await new Promise((r) => setTimeout(r, 20));
    await server.idle(50);
    const recs = server.records({ since: mark });
    expect(recs.map((r) => r.kind)).toEqual(['http', 'ws-frames']);
    const [handshake, frames] = recs;
    const raw = client.received.toString('latin1');
    // The RFC 6455 example key's accept value.
    expect(raw).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(handshake?.status).toBe(101);
    expect(handshake?.bytes).toBe(raw.indexOf('\r\n\r\n') + 4);
    // 3 frames of 300-byte payloads (4-byte header each: length >= 126) + a 4-byte close frame.
    expect(frames?.bytes).toBe(3 * (4 + 300) + 4);
    expect((handshake?.bytes ?? 0) + (frames?.bytes ?? 0)).toBe(client.received.length);
  });
});

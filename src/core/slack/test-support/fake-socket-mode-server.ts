/**
 * Slack's Socket Mode end on 127.0.0.1 for tests: a WebSocket server (RFC 6455 handshake and framing,
 * written on node:http because no WebSocket server package is installed) that greets a client with
 * `hello`, delivers envelopes (`events_api`, `interactive`) and resolves when the client acknowledges
 * one by its `envelope_id`, answers pings, and completes the close handshake. The fake Web API's
 * `apps.connections.open` hands out its URL.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

export interface FakeSocketModeServer {
  url: string;
  /** Resolves when a client has connected and been greeted. */
  connected(): Promise<void>;
  /** Sends an envelope; resolves with the client's acknowledgement. */
  deliver(type: 'events_api' | 'interactive', payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  connections: number;
  close(): Promise<void>;
}

export async function startFakeSocketModeServer(): Promise<FakeSocketModeServer> {
  const sockets = new Set<Duplex>();
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();
  let greeted: () => void = () => undefined;
  let whenGreeted = new Promise<void>((resolve) => (greeted = resolve));
  let current: Duplex | undefined;
  let connections = 0;

  const server: Server = createServer((_request, response) => {
    response.writeHead(426);
    response.end();
  });
  server.on('upgrade', (request, socket) => {
    const key = request.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
    sockets.add(socket);
    current = socket;
    connections++;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const frame = readFrame(buffered);
        if (!frame) break;
        buffered = buffered.subarray(frame.length);
        if (frame.opcode === OP_PING) socket.write(encodeFrame(OP_PONG, frame.payload));
        else if (frame.opcode === OP_CLOSE) {
          socket.write(encodeFrame(OP_CLOSE, frame.payload.subarray(0, 2)));
          socket.end();
        } else if (frame.opcode === OP_TEXT) {
          const message = JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>;
          const id = String(message.envelope_id ?? '');
          acks.get(id)?.(message);
          acks.delete(id);
        }
      }
    });
    socket.write(encodeFrame(OP_TEXT, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode' }, connection_info: { app_id: 'A0TWIN' } }))));
    greeted();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=fake`,
    connected: () => whenGreeted,
    get connections() {
      return connections;
    },
    deliver: (type, payload) => {
      if (!current) throw new Error('no Socket Mode client is connected');
      const envelopeId = randomUUID();
      const acked = new Promise<Record<string, unknown>>((resolve) => acks.set(envelopeId, resolve));
      current.write(encodeFrame(OP_TEXT, Buffer.from(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type === 'interactive', retry_attempt: 0, retry_reason: '' }))));
      return acked;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        whenGreeted = new Promise<void>((again) => (greeted = again));
        server.close(() => resolve());
      }),
  };
}

/** A server frame: never masked. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else if (length >= 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** A whole client frame from the start of `data` (masked, as clients must), or undefined until it has arrived. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (data.length < 2) return undefined;
  const opcode = data[0] & 0x0f;
  const masked = (data[1] & 0x80) !== 0;
  let length = data[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= data[maskOffset + (i % 4)];
  return { opcode, payload, length: offset + length };
}

// A minimal Language Server Protocol client over stdio, for testing the rubric JSON Schema with the
// real yaml-language-server (test/unit/rubric/yaml-language-server.test.ts). It frames JSON-RPC
// messages (`Content-Length: N\r\n\r\n` + body), answers the requests the server sends the client
// (workspace/configuration, client/registerCapability…), and keeps the latest publishDiagnostics per
// document URI so a test can wait for one URI's diagnostics with a deadline.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Position {
  line: number;
  character: number;
}
export interface LspDiagnostic {
  range: { start: Position; end: Position };
  message: string;
  severity?: number;
  source?: string;
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

type Waiter = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();
  /** Diagnostics published per URI, each publication kept in order (the server may publish more than once). */
  private readonly published = new Map<string, LspDiagnostic[][]>();
  private readonly diagnosticWaiters = new Map<string, (() => void)[]>();
  private readonly notifications: Message[] = [];
  private notificationWaiters: (() => void)[] = [];
  private stderr = '';
  private exited: string | undefined;

  /** `configuration` answers the server's workspace/configuration requests, section by section. */
  constructor(command: string, args: string[], private readonly configuration: Record<string, unknown>) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.child.on('exit', (code, signal) => {
      this.exited = `the server exited (code ${code}, signal ${signal}); stderr: ${this.stderr.slice(-2000)}`;
      for (const w of this.pending.values()) w.reject(new Error(this.exited));
      this.pending.clear();
      for (const ws of this.diagnosticWaiters.values()) ws.forEach((w) => w());
      this.notificationWaiters.forEach((w) => w());
    });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = /Content-Length: *(\d+)/i.exec(header);
      if (!length) throw new Error(`LSP header without Content-Length: ${header}`);
      const start = headerEnd + 4;
      const end = start + Number(length[1]);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end);
      this.onMessage(message);
    }
  }

  private onMessage(m: Message): void {
    if (m.method !== undefined && m.id !== undefined) return this.answer(m);
    if (m.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = m.params as { uri: string; diagnostics: LspDiagnostic[] };
      const list = this.published.get(uri) ?? [];
      list.push(diagnostics);
      this.published.set(uri, list);
      const waiters = this.diagnosticWaiters.get(uri) ?? [];
      this.diagnosticWaiters.delete(uri);
      waiters.forEach((w) => w());
      return;
    }
    if (m.method !== undefined) {
      this.notifications.push(m);
      const waiters = this.notificationWaiters;
      this.notificationWaiters = [];
      waiters.forEach((w) => w());
      return;
    }
    if (m.id !== undefined && typeof m.id === 'number') {
      const w = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) w?.reject(new Error(`${m.error.code}: ${m.error.message}`));
      else w?.resolve(m.result);
    }
  }

  /** A request from the server to the client: answer what a plain editor would. */
  private answer(m: Message): void {
    let result: unknown = null;
    if (m.method === 'workspace/configuration') {
      const items = (m.params as { items: { section?: string }[] }).items;
      result = items.map((i) => (i.section === undefined ? this.configuration : (this.configuration[i.section] ?? null)));
    }
    this.send({ jsonrpc: '2.0', id: m.id, result });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    const p = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ jsonrpc: '2.0', id, method, params });
    return p as Promise<T>;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Waits for the server's `count`-th notification `method` (other than diagnostics), or rejects at the deadline. */
  async waitForNotification(method: string, count: number, timeoutMs: number): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    const seen = () => this.notifications.filter((n) => n.method === method);
    while (seen().length < count) {
      if (this.exited) throw new Error(this.exited);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${method} from the server within ${timeoutMs} ms; server stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.notificationWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return seen()[count - 1]?.params;
  }

  /** Every diagnostics publication for `uri` so far, oldest first. */
  publications(uri: string): LspDiagnostic[][] {
    return this.published.get(uri) ?? [];
  }

  /**
   * Waits until `uri` has had `count` publications, or rejects at the deadline, naming the URI and
   * what the server said on stderr (a schema that did not load shows there).
   */
  async waitForDiagnostics(uri: string, count: number, timeoutMs: number): Promise<LspDiagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.publications(uri).length < count) {
      if (this.exited) throw new Error(this.exited);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        const list = this.diagnosticWaiters.get(uri) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve();
        });
        this.diagnosticWaiters.set(uri, list);
      });
    }
    return this.publications(uri)[count - 1] ?? [];
  }

  /** shutdown + exit, then SIGKILL if the process is still there after `graceMs`. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, graceMs))]);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

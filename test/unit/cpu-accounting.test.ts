import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CpuAccounting, listenerPid } from '../../src/bench/cpu-accounting.ts';

const linux = process.platform === 'linux';
const burn = (ms: number) => `const end = Date.now() + ${ms}; while (Date.now() < end);`;
const children: ChildProcess[] = [];
const node = (code: string) => {
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
};

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe.runIf(linux)('CPU accounting from /proc', () => {
  it('finds the process listening on a port', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    expect(listenerPid(port)).toBe(process.pid);
    server.close();
    expect(listenerPid(1)).toBeNull(); // nothing listens on tcpmux here
  });

  it("counts a server's children, those that exit within the window too, and the worker processes", async () => {
    // a "server": listens, then starts a child that burns ~400 ms of CPU and exits (as a backend does)
    const server = node(`
      const { spawnSync } = require('node:child_process');
      const s = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port));
      process.stdin.resume();
      setInterval(() => {}, 1000);
      globalThis.go = () => spawnSync(process.execPath, ['-e', ${JSON.stringify(burn(400))}]);
      process.on('SIGUSR2', () => { go(); console.log('done'); });
    `);
    const [line] = (await once(server.stdout!, 'data')) as [Buffer];
    const port = Number(String(line).trim());
    const worker = node(`process.on('SIGUSR2', () => { ${burn(300)} console.log('done'); }); setInterval(() => {}, 1000); console.log('ready');`);
    await once(worker.stdout!, 'data');

    const cpu = new CpuAccounting(() => [worker.pid!], { postgres: port });
    server.kill('SIGUSR2');
    worker.kill('SIGUSR2');
    await Promise.all([once(server.stdout!, 'data'), once(worker.stdout!, 'data')]);
    const used = cpu.usage();
    expect(used.postgres).toBeGreaterThanOrEqual(0.3); // the exited child's ~0.4 s, through the server's reaped time
    expect(used.workers).toBeGreaterThanOrEqual(0.2);
    expect(used.redis).toBeNull();
    expect(used.machine).toBeGreaterThanOrEqual(used.postgres! + used.workers - 0.05);
    expect(used.machineBusyCores).toBeGreaterThan(0);
  });
});

import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A bot running in its own OS process, so a test can SIGKILL it mid-work and start another. */
export class BotProcess {
  url = '';
  private child?: ChildProcess;
  output = '';

  constructor(private readonly env: Record<string, string>) {}

  async start(timeoutMs = 60_000): Promise<this> {
    const child = spawn(process.execPath, ['--require', join(ROOT, 'scripts', 'loopback-guard.js'), join(__dirname, 'bot-child.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PORT: '0', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot did not start:\n${this.output}`)), timeoutMs);
      child.stdout?.on('data', (d: Buffer) => {
        this.output += d.toString();
        const match = /READY (\S+)/.exec(this.output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bot exited with ${code} before it was ready:\n${this.output}`));
      });
    });
    return this;
  }

  /** Kills the process without warning: no shutdown handler runs, nothing is flushed. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}

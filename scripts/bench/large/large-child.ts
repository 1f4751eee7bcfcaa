import { ChildProcess, fork } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { join } from 'node:path';

/**
 * A process of the large run (the simulator or the bot), forked with the loopback guard and an IPC
 * channel: its output goes to a log file, it says `ready` when it serves, and `request` sends a
 * message and waits for the answer of the given type.
 */
export class LargeChild {
  private readonly waiting = new Map<string, (message: Record<string, unknown>) => void>();
  private readonly log: WriteStream;

  private constructor(
    readonly child: ChildProcess,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile);
    child.stdout?.pipe(this.log);
    child.stderr?.pipe(this.log);
    child.on('message', (message: Record<string, unknown>) => {
      const resolve = this.waiting.get(String(message.type));
      this.waiting.delete(String(message.type));
      resolve?.(message);
    });
  }

  static async start(script: string, arg: unknown, options: { root: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number }): Promise<{ child: LargeChild; ready: Record<string, unknown> }> {
    const child = fork(join(__dirname, script), [JSON.stringify(arg)], {
      cwd: options.root,
      env: options.env,
      execArgv: ['--require', join(options.root, 'scripts', 'loopback-guard.js')],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const large = new LargeChild(child, options.logFile);
    const ready = await large.answer('ready', options.timeoutMs);
    return { child: large, ready };
  }

  get pid(): number {
    return this.child.pid!;
  }

  request(type: string, answerType: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const answer = this.answer(answerType, timeoutMs);
    this.child.send({ type });
    return answer;
  }

  /** Asks it to stop, and kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.connected) child.send({ type: 'stop' });
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  private answer(type: string, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" from ${this.child.spawnfile} within ${timeoutMs} ms (see its log)`)), timeoutMs);
      const onExit = (code: number | null) => reject(new Error(`${this.child.spawnargs.join(' ')} exited with ${code} before "${type}" (see its log)`));
      this.child.once('exit', onExit);
      this.waiting.set(type, (message) => {
        clearTimeout(timer);
        this.child.off('exit', onExit);
        resolve(message);
      });
    });
  }
}

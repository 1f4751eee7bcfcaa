import { ChildProcess, spawn } from 'node:child_process';

export interface AzuriteHandle {
  /** Connection string for the well-known development account on this instance's port. */
  connectionString: string;
  blobEndpoint: string;
  stop(): Promise<void>;
}

// Azurite's published development account key (not a secret: it is the same for every Azurite).
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const LISTENING = /successfully listens on (http:\/\/127\.0\.0\.1:(\d+))/;

/**
 * Starts Azurite's Blob service in a child process: in memory, no telemetry, on 127.0.0.1 (the loopback
 * guard refuses anything else) and on a port the OS picks (`--blobPort 0`; Azurite prints the real one).
 * Call `stop()` in afterAll. Takes about a second.
 */
export async function startAzurite(timeoutMs = 20_000): Promise<AzuriteHandle> {
  const child = spawn(
    process.execPath,
    [require.resolve('azurite/dist/src/blob/main.js'), '--inMemoryPersistence', '--disableTelemetry', '--silent', '--loose', '--skipApiVersionCheck', '--blobHost', '127.0.0.1', '--blobPort', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const origin = await waitForListening(child, timeoutMs);
    const blobEndpoint = `${origin}/${DEV_ACCOUNT}`;
    return {
      blobEndpoint,
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`,
      stop: () => stop(child),
    };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) finish(() => resolve(match[1]));
    };
    const onExit = (code: number | null): void => fail(new Error(`Azurite exited with ${code} before listening:\n${output}`));
    const fail = (error: Error): void => finish(() => reject(error));
    function finish(settle: () => void): void {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      // Keep draining its output so a full pipe can never stall Azurite.
      child.stdout!.resume();
      child.stderr!.resume();
      settle();
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

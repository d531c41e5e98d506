import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalTransport, type LocalTransport, type LocalTransportOptions } from '../../src/local/index';

/** Quote `text` for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A local transport on a fresh temporary root, with a plain, predictable bash. */
export function makeLocal(options: Partial<LocalTransportOptions> = {}): { transport: LocalTransport; root: string; cleanup: () => Promise<void> } {
  const root = mkdtempSync(join(tmpdir(), 'se-local-'));
  const transport = createLocalTransport({
    root,
    shell: '/bin/bash',
    shellArgs: ['--norc', '--noprofile'],
    display: { width: 1024, height: 768 },
    env: { PS1: '$ ', HISTFILE: '/dev/null' },
    ...options,
  });
  return {
    transport,
    root,
    cleanup: async () => {
      await transport.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

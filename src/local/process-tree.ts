import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every child the local transport starts leads its own session (`setsid`:
 * `detached: true` for child processes, `forkpty` for PTYs). Killing the
 * session, not just the child, also ends what the child started in the
 * background (`npm run dev &`, a shell's jobs, each in its own process group).
 */

/** Whether `/proc` can be read (Linux). Elsewhere, sessions are handled by process group. */
function hasProc(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}

/** Pids of live processes whose session id is `sid` (Linux `/proc`; empty elsewhere). */
export function processesInSession(sid: number): number[] {
  const pids: number[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const info = readStat(Number(name));
    if (info && info.session === sid && info.state !== 'Z') pids.push(Number(name));
  }
  return pids;
}

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
}

/** Parse `/proc/<pid>/stat`, or undefined when the process is gone (or not Linux). */
export function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: rest[0] ?? '?', ppid: Number(rest[1]), pgrp: Number(rest[2]), session: Number(rest[3]) };
  } catch {
    return undefined;
  }
}

/**
 * Send `signal` to every live process of the session led by `sid`. On Linux
 * the members are found in `/proc`: a session id cannot be reused while any
 * member lives, so this never reaches a stranger even after the leader has
 * gone. Elsewhere it falls back to the leader's process group.
 */
export function signalSession(sid: number, signal: NodeJS.Signals): void {
  if (!Number.isInteger(sid) || sid <= 1) return;
  if (!hasProc()) {
    try {
      process.kill(-sid, signal);
    } catch {
      // Gone already.
    }
    return;
  }
  for (const pid of processesInSession(sid)) {
    if (pid === process.pid) continue;
    try {
      process.kill(pid, signal);
    } catch {
      // Exited in between.
    }
  }
}

/** True while any process of the session is alive (zombies excluded). */
export function sessionAlive(sid: number): boolean {
  if (hasProc()) return processesInSession(sid).length > 0;
  try {
    process.kill(-sid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Politely end a session (`first` signal), then SIGKILL what is left after `graceMs`. */
export async function endSession(sid: number, first: NodeJS.Signals = 'SIGTERM', graceMs = 1000): Promise<void> {
  signalSession(sid, first);
  const end = Date.now() + graceMs;
  while (Date.now() < end) {
    if (!sessionAlive(sid)) return;
    await sleep(25);
  }
  signalSession(sid, 'SIGKILL');
}

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SandboxUnsupportedError } from '../transport/errors';

/** A system program the local transport may need, and the Debian package that ships it. */
export interface SystemTool {
  command: string;
  debianPackage: string;
  /** What it is for, for the error message. */
  purpose: string;
}

export const TOOLS = {
  xvfb: { command: 'Xvfb', debianPackage: 'xvfb', purpose: 'a virtual display for computer use' },
  xdotool: { command: 'xdotool', debianPackage: 'xdotool', purpose: 'mouse and keyboard input for computer use' },
  import: { command: 'import', debianPackage: 'imagemagick', purpose: 'screenshots for computer use' },
} satisfies Record<string, SystemTool>;

/** The absolute path of `command` on `PATH`, or undefined. */
export function which(command: string, pathVar: string | undefined): string | undefined {
  if (command.includes('/')) return isExecutable(command) ? command : undefined;
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolve `tool` or throw `unsupported` naming the package to install. */
export function requireTool(tool: SystemTool, pathVar: string | undefined): string {
  const found = which(tool.command, pathVar);
  if (found) return found;
  return missingTool(tool);
}

export function missingTool(tool: SystemTool): never {
  throw new SandboxUnsupportedError(
    `\`${tool.command}\` was not found on PATH; it provides ${tool.purpose}. Install the Debian package \`${tool.debianPackage}\` (apt-get install -y ${tool.debianPackage}).`,
  );
}

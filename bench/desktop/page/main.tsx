// Bench page: the real ComputerUseDisplay (from source) against an in-page
// transport that answers every screenshot at once with a 1280×800 JPEG, and a
// naive baseline (<img src="data:…"> re-rendered through React state).
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ComputerUseDisplay, ComputerUseProvider, SandboxProvider, type SandboxTransport } from '../../../src/index';

const WIDTH = 1280;
const HEIGHT = 800;

/** A few distinct JPEG frames, made once in the page. */
async function makeFrames(count: number): Promise<Blob[]> {
  const frames: Blob[] = [];
  for (let i = 0; i < count; i++) {
    const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
    const g = canvas.getContext('2d')!;
    const grad = g.createLinearGradient(0, 0, WIDTH, HEIGHT);
    grad.addColorStop(0, `hsl(${i * 40}, 50%, 30%)`);
    grad.addColorStop(1, `hsl(${i * 40 + 120}, 50%, 40%)`);
    g.fillStyle = grad;
    g.fillRect(0, 0, WIDTH, HEIGHT);
    // Windows and text, so the JPEG has real detail to decode.
    for (let w = 0; w < 6; w++) {
      g.fillStyle = '#f8fafc';
      g.fillRect(40 + w * 190, 60 + ((w * 53 + i * 17) % 300), 420, 320);
      g.fillStyle = '#0f172a';
      g.font = '16px monospace';
      for (let line = 0; line < 12; line++) g.fillText(`frame ${i} window ${w} line ${line} ${'x'.repeat((line * 7 + i) % 30)}`, 52 + w * 190, 90 + ((w * 53 + i * 17) % 300) + line * 22);
    }
    frames.push(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 }));
  }
  return frames;
}

let frames: Blob[] = [];
let next = 0;
const transport: SandboxTransport = {
  async getPreviewLink() {
    return { url: 'about:blank' };
  },
  computerUse: {
    async screenshot() {
      const image = frames[next++ % frames.length]!;
      return { image, width: WIDTH, height: HEIGHT };
    },
    async displayInfo() {
      return { width: WIDTH, height: HEIGHT };
    },
    async perform() {},
  },
};

interface Counters {
  frames: number;
  commits: number;
}

function Baseline({ onFrame }: { onFrame: () => void }) {
  const [src, setSrc] = React.useState<string | null>(null);
  const alive = React.useRef(true);
  const fetchNext = React.useCallback(async () => {
    const shot = await transport.computerUse!.screenshot({ sandboxId: 'bench' });
    const url = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsDataURL(shot.image);
    });
    if (alive.current) setSrc(url);
  }, []);
  React.useEffect(() => {
    alive.current = true;
    void fetchNext();
    return () => {
      alive.current = false;
    };
  }, [fetchNext]);
  return src ? (
    <img
      alt="Sandbox desktop"
      src={src}
      style={{ display: 'block', width: '100%' }}
      onLoad={() => {
        onFrame();
        void fetchNext();
      }}
    />
  ) : null;
}

let root: Root | null = null;
let counters: Counters & { received: number } = { frames: 0, commits: 0, received: 0 };
let fresh = false;
let rafId = 0;

/** A frame counts once it reaches the screen: at most one per animation frame, for both contenders. */
function presentLoop() {
  rafId = requestAnimationFrame(() => {
    if (fresh) {
      counters.frames++;
      fresh = false;
    }
    presentLoop();
  });
}

async function startBench(kind: 'display' | 'baseline'): Promise<void> {
  if (!frames.length) frames = await makeFrames(4);
  const host = document.getElementById('root')!;
  host.style.width = '960px';
  counters = { frames: 0, commits: 0, received: 0 };
  const arrived = () => {
    counters.received++;
    fresh = true;
  };
  root = createRoot(host);
  root.render(
    <React.Profiler id={kind} onRender={() => void counters.commits++}>
      {kind === 'display' ? (
        <SandboxProvider transport={transport} sandboxId="bench">
          <ComputerUseProvider defaultMode="view">
            <ComputerUseDisplay refreshIntervalMs={1} onFrame={arrived} />
          </ComputerUseProvider>
        </SandboxProvider>
      ) : (
        <Baseline onFrame={arrived} />
      )}
    </React.Profiler>,
  );
  presentLoop();
  // Warm up (first frames, layout, JIT) before counting.
  await new Promise((r) => setTimeout(r, 500));
  (window as unknown as { benchWarm: boolean }).benchWarm = true;
}

async function measureBench(ms: number): Promise<Counters & { received: number; ms: number }> {
  counters.frames = 0;
  counters.commits = 0;
  counters.received = 0;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const result = { ...counters, ms: performance.now() - t0 };
  cancelAnimationFrame(rafId);
  root?.unmount();
  root = null;
  (window as unknown as { benchWarm: boolean }).benchWarm = false;
  return result;
}

Object.assign(window, { startBench, measureBench, benchReady: true });

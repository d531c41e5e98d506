'use client';
import { useState, type ReactNode } from 'react';
import { SandboxProvider, createHttpTransport } from 'sandbox-elements';

/** The one client boundary the app writes: the transport lives in the browser. */
export function Providers({ children }: { children: ReactNode }) {
  const [transport] = useState(() => createHttpTransport({ baseUrl: '/api/sandbox' }));
  return (
    <SandboxProvider transport={transport} sandboxId="abc123">
      {children}
    </SandboxProvider>
  );
}

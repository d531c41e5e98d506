import type { ReactNode } from 'react';
import 'sandbox-elements/styles.css';
import '@xterm/xterm/css/xterm.css';
import { Providers } from './providers';

export const metadata = { title: 'sandbox-elements in Next.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

import 'sandbox-elements/styles.css';
import '@xterm/xterm/css/xterm.css';

export const metadata = { title: 'sandbox-elements × Daytona' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

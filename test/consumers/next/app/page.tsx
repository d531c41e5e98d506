// A server component: it imports the components straight from the package.
import { ToolPanel, WebPreview, WebPreviewBody, WebPreviewConsole, WebPreviewNavigation, WebPreviewUrl } from 'sandbox-elements';
import { WebTerminal } from 'sandbox-elements/terminal';

const readFile = {
  id: 'call_1',
  name: 'read_file',
  status: 'completed' as const,
  args: { path: 'README.md' },
  result: { content: '# Hello from the sandbox' },
};

export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <WebPreview port={3000}>
        <WebPreviewNavigation />
        <WebPreviewUrl />
        <WebPreviewBody />
        <WebPreviewConsole maxHeight={150} />
      </WebPreview>
      <ToolPanel tool={readFile} />
      <WebTerminal />
    </main>
  );
}

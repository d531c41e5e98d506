// Storybook shows the optional default theme: every family's section of it.
// Two traps: package.json's "sideEffects" marks every .ts file side-effect
// free (a bare `import './load-styles'` is dropped), and CSS reached through an
// eager glob is not emitted. So the CSS text is imported (?inline) and added
// as <style> elements by a function preview.tsx calls. Storybook only: the
// library itself never injects styles.
const sheets = import.meta.glob<string>('../src/styles/*.css', { eager: true, query: '?inline', import: 'default' });

export function loadFamilyStyles(): void {
  if (typeof document === 'undefined') return;
  for (const [path, css] of Object.entries(sheets).sort(([a], [b]) => a.localeCompare(b))) {
    if (path.endsWith('/base.css') || document.head.querySelector(`style[data-se-source="${path}"]`)) continue;
    const style = document.createElement('style');
    style.dataset.seSource = path;
    style.textContent = css;
    document.head.append(style);
  }
}

// Storybook shows the optional default theme: every family's section of it.
import.meta.glob('../src/styles/*.css', { eager: true });

import type { AreaDefinition, NavEntry } from './area';

/**
 * Every area, found at build time: any `areas/<name>/routes.tsx` exporting `area` joins the app, so adding an area
 * touches no shared file.
 */
const modules = import.meta.glob<{ area: AreaDefinition }>('../areas/*/routes.tsx', { eager: true });

export const AREAS: AreaDefinition[] = Object.entries(modules)
  .map(([path, module]) => {
    if (!module.area) {
      throw new Error(`${path} must export \`area\` (defineArea({...}))`);
    }
    return module.area;
  })
  .sort((a, b) => a.id.localeCompare(b.id));

export const NAV: NavEntry[] = AREAS.flatMap((area) => area.nav ?? []).sort(
  (a, b) => (a.order ?? 50) - (b.order ?? 50),
);

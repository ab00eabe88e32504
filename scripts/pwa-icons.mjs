// Makes the web app's PNG icons (the web app manifest's 192 and 512, plain and maskable, and the apple-touch icon)
// from its two SVGs with sharp. The PNGs are committed; run this again after changing an SVG.
//   npm run web:icons (node scripts/pwa-icons.mjs)  write apps/web/public/icons/*.png
//   node scripts/pwa-icons.mjs --check             exit 1 when a committed PNG is missing or not the size the manifest says
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), '../apps/web/public');

/** Each PNG: its source SVG and its edge in pixels. The maskable source fills the square (its mark sits in the safe
 * zone, the middle 80 %), so a launcher may cut it to any shape. */
export const ICONS = [
  { file: 'icons/icon-192.png', svg: 'favicon.svg', size: 192 },
  { file: 'icons/icon-512.png', svg: 'favicon.svg', size: 512 },
  { file: 'icons/icon-maskable-192.png', svg: 'icon-maskable.svg', size: 192 },
  { file: 'icons/icon-maskable-512.png', svg: 'icon-maskable.svg', size: 512 },
  { file: 'icons/apple-touch-icon-180.png', svg: 'icon-maskable.svg', size: 180 },
];

async function render({ svg, size }) {
  // an SVG's own viewBox is 32 px: render at the density that makes it `size` pixels, so edges stay sharp
  const density = Math.ceil((72 * size) / 32);
  return sharp(readFileSync(join(PUBLIC, svg)), { density })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

async function check() {
  const manifest = JSON.parse(readFileSync(join(PUBLIC, 'manifest.webmanifest'), 'utf8'));
  const wrong = [];
  for (const icon of manifest.icons.filter((entry) => entry.type === 'image/png')) {
    const path = join(PUBLIC, icon.src);
    if (!existsSync(path)) {
      wrong.push(`${icon.src}: missing`);
      continue;
    }
    const { width, height, format } = await sharp(path).metadata();
    if (format !== 'png' || `${width}x${height}` !== icon.sizes) {
      wrong.push(`${icon.src}: ${format} ${width}x${height}, the manifest says ${icon.sizes}`);
    }
  }
  return wrong;
}

if (process.argv.includes('--check')) {
  const wrong = await check();
  for (const line of wrong) console.error(line);
  process.exit(wrong.length ? 1 : 0);
} else {
  for (const icon of ICONS) {
    const path = join(PUBLIC, icon.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await render(icon));
    console.log(`${icon.file} ${icon.size}×${icon.size}`);
  }
}

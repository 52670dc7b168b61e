// Makes every installer icon from one source image, build/icon.svg:
//   build/icon.png (1024), build/icons/<size>x<size>.png (Linux, 16-512), build/icon.ico (Windows), build/icon.icns (macOS).
// The SVG is rasterised by Chromium through playwright-core (Debian's `chromium`, or CHROMIUM_PATH);
// ICO and ICNS are plain containers of PNGs, written here. Run: node scripts/make-icons.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const buildDir = join(root, 'build');
const svg = readFileSync(join(buildDir, 'icon.svg'), 'utf8');

const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS element types that hold PNG data, by pixel size (macOS 10.7+).
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

async function renderPngs(sizes) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    const out = new Map();
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      const sized = svg.replace(/width="1024" height="1024"/, `width="${size}" height="${size}"`);
      await page.setContent(
        `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`,
      );
      out.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** ICO: a 6-byte header, a 16-byte entry per image, then the PNGs (PNG entries are valid since Windows Vista). */
function makeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(([size, png]) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2);
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...pngs.map(([, png]) => png)]);
}

/** ICNS: 'icns' + total length, then per image a type, its length (8 + data) and the PNG, all big-endian. */
function makeIcns(elements) {
  const parts = elements.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])].sort((a, b) => a - b);
const pngs = await renderPngs(sizes);
mkdirSync(join(buildDir, 'icons'), { recursive: true });
for (const size of LINUX_SIZES) writeFileSync(join(buildDir, 'icons', `${size}x${size}.png`), pngs.get(size));
writeFileSync(join(buildDir, 'icon.png'), pngs.get(1024));
writeFileSync(join(buildDir, 'icon.ico'), makeIco(ICO_SIZES.map((s) => [s, pngs.get(s)])));
writeFileSync(join(buildDir, 'icon.icns'), makeIcns(ICNS_TYPES.map(([type, s]) => [type, pngs.get(s)])));
console.log(`Wrote build/icon.png, build/icon.ico, build/icon.icns and ${LINUX_SIZES.length} PNGs in build/icons/.`);

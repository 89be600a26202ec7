import { PNG } from 'pngjs';

/** Icon sizes Teams asks for: a full-colour 192×192 and a white-on-transparent 32×32 outline. */
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Rgb = readonly [number, number, number];

/**
 * Coverage (0..1) of the glyph at a point of the unit square: a speech bubble (a rounded box with a tail)
 * holding a check mark cut out of it. The same shape draws both icons, so they read as one app.
 */
function glyphCoverage(x: number, y: number): number {
  const inBubble = roundedBox(x, y, 0.18, 0.2, 0.82, 0.7, 0.12) || tail(x, y);
  if (!inBubble) return 0;
  return onCheck(x, y) ? 0 : 1;
}

function roundedBox(
  x: number,
  y: number,
  left: number,
  top: number,
  right: number,
  bottom: number,
  r: number,
): boolean {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + r), right - r);
  const cy = Math.min(Math.max(y, top + r), bottom - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The bubble's tail: a triangle under its lower left. */
function tail(x: number, y: number): boolean {
  return y >= 0.69 && y <= 0.84 && x >= 0.3 && x <= 0.3 + (0.84 - y) * 1.2;
}

/** A check mark of two strokes, as a distance test to each segment. */
function onCheck(x: number, y: number): boolean {
  const width = 0.055;
  return nearSegment(x, y, [0.34, 0.45], [0.46, 0.57], width) || nearSegment(x, y, [0.46, 0.57], [0.68, 0.33], width);
}

function nearSegment(
  x: number,
  y: number,
  a: readonly [number, number],
  b: readonly [number, number],
  w: number,
): boolean {
  const [ax, ay] = a;
  const [bx, by] = b;
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return (x - (ax + t * (bx - ax))) ** 2 + (y - (ay + t * (by - ay))) ** 2 <= w * w;
}

/** Glyph coverage per pixel, 4×4 supersampled so edges are smooth at 32 px. */
function coverageAt(px: number, py: number, size: number): number {
  const samples = 4;
  let hits = 0;
  for (let sy = 0; sy < samples; sy++)
    for (let sx = 0; sx < samples; sx++)
      hits += glyphCoverage((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
  return hits / (samples * samples);
}

function draw(size: number, pixel: (coverage: number) => readonly [number, number, number, number]): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(coverageAt(x, y, size));
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

export function parseHexColor(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  return [parseInt(m[1] ?? '0', 16), parseInt(m[2] ?? '0', 16), parseInt(m[3] ?? '0', 16)];
}

/** 192×192, opaque: the white glyph on the accent colour. */
export function drawColorIcon(accentColor: string): Buffer {
  const [r, g, b] = parseHexColor(accentColor);
  const mix = (from: number, c: number): number => Math.round(from + (255 - from) * c);
  return draw(COLOR_ICON_SIZE, (c) => [mix(r, c), mix(g, c), mix(b, c), 255]);
}

/** 32×32: the glyph in white, everything else transparent (Teams tints it). */
export function drawOutlineIcon(): Buffer {
  return draw(OUTLINE_ICON_SIZE, (c) => [255, 255, 255, Math.round(255 * c)]);
}

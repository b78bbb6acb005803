// Draws the two app icons: two interlinked rings, the city and the associations.
// Run `node --import tsx appPackage/icons.ts` after changing a shape or a colour; the test
// compares the committed PNGs with what these functions draw.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/** The calm blue of the icon; the manifest's accentColor is the same colour. */
export const ICON_BLUE = { r: 0x2b, g: 0x6c, b: 0xb0 } as const;

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, not premultiplied. */
  readonly pixels: Uint8Array;
}

interface Rings {
  /** Centre of the pair. */
  cx: number;
  cy: number;
  /** Half the distance between the ring centres. */
  offset: number;
  /** Radius of the middle of the stroke. */
  radius: number;
  stroke: number;
  /** Clear space around the ring that passes over the other one. */
  gap: number;
}

/**
 * True where the interlinked rings cover point (x, y). Above the middle line the left ring
 * passes over the right one, below it the other way round; the ring underneath is cut by
 * a thin gap so the eye reads the two as linked.
 */
function inRings(x: number, y: number, r: Rings): boolean {
  const dl = Math.abs(Math.hypot(x - (r.cx - r.offset), y - r.cy) - r.radius);
  const dr = Math.abs(Math.hypot(x - (r.cx + r.offset), y - r.cy) - r.radius);
  const half = r.stroke / 2;
  const [over, under] = y < r.cy ? [dl, dr] : [dr, dl];
  return over <= half || (under <= half && over > half + r.gap);
}

/** True inside a rounded square covering the whole canvas. */
function inRoundedSquare(x: number, y: number, size: number, corner: number): boolean {
  const qx = Math.max(corner - x, x - (size - corner), 0);
  const qy = Math.max(corner - y, y - (size - corner), 0);
  return qx * qx + qy * qy <= corner * corner;
}

/** Samples each pixel on an n × n grid so edges come out smooth. */
function render(
  size: number,
  sample: (x: number, y: number) => readonly [number, number, number, number],
  n = 8,
): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = sample(px + (sx + 0.5) / n, py + (sy + 0.5) / n);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        pixels[i] = Math.round(r / a);
        pixels[i + 1] = Math.round(g / a);
        pixels[i + 2] = Math.round(b / a);
      }
      pixels[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return { width: size, height: size, pixels };
}

const WHITE = [255, 255, 255, 1] as const;
const CLEAR = [0, 0, 0, 0] as const;

/** 192 × 192 full-colour icon: white rings on a blue rounded square. */
export function renderColorIcon(): RgbaImage {
  const size = 192;
  // The mark stays inside the middle ~100 px, where Teams never crops.
  const rings: Rings = { cx: 96, cy: 96, offset: 18, radius: 28, stroke: 10, gap: 4 };
  const blue = [ICON_BLUE.r, ICON_BLUE.g, ICON_BLUE.b, 1] as const;
  return render(size, (x, y) => {
    if (!inRoundedSquare(x, y, size, 36)) return CLEAR;
    return inRings(x, y, rings) ? WHITE : blue;
  });
}

/** 32 × 32 outline icon: the same rings in white on transparent, as Teams requires. */
export function renderOutlineIcon(): RgbaImage {
  const rings: Rings = { cx: 16, cy: 16, offset: 5.5, radius: 8.5, stroke: 2.6, gap: 1.1 };
  const image = render(32, (x, y) => (inRings(x, y, rings) ? WHITE : CLEAR));
  // Fully transparent pixels are white too, so every pixel is white with some alpha.
  for (let i = 0; i < image.pixels.length; i += 4) image.pixels.fill(255, i, i + 3);
  return image;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Encodes an 8-bit RGBA PNG; each row gets the filter that makes it smallest. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  const stride = width * 4;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const cur = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    let best: Buffer | undefined;
    let bestScore = Infinity;
    for (let filter = 0; filter <= 4; filter++) {
      const row = Buffer.alloc(stride + 1);
      row[0] = filter;
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= 4 ? cur[i - 4] : 0;
        const b = prev[i];
        const c = i >= 4 ? prev[i - 4] : 0;
        const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
        const v = (cur[i] - predictor) & 0xff;
        row[i + 1] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        best = row;
      }
    }
    rows.push(best!);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

if (process.argv[1]?.replace(/\\/g, '/').endsWith('appPackage/icons.ts')) {
  const dir = join(process.cwd(), 'appPackage');
  writeFileSync(join(dir, 'color.png'), encodePng(renderColorIcon()));
  writeFileSync(join(dir, 'outline.png'), encodePng(renderOutlineIcon()));
  console.log('appPackage/color.png and appPackage/outline.png written');
}

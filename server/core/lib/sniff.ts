/** Content type from the bytes themselves. Anything active (HTML, SVG, scripts) is served as an opaque download. */
import { fileTypeFromBuffer } from 'file-type';

const SAFE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'application/pdf',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'audio/mp4',
  'video/mp4',
  'video/webm',
  'application/zip',
  'application/gzip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/vnd.ms-excel',
]);

export async function sniffContentType(data: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(data);
  if (detected) return SAFE_TYPES.has(detected.mime) ? detected.mime : 'application/octet-stream';
  return looksLikePlainText(data) ? 'text/plain; charset=utf-8' : 'application/octet-stream';
}

function looksLikePlainText(data: Buffer): boolean {
  const head = data.subarray(0, 4096);
  if (head.includes(0)) return false;
  const text = head.toString('utf8');
  if (text.includes('\uFFFD')) return false;
  return !/<\s*(html|svg|script|!doctype|iframe|object|embed|\?xml)/i.test(text);
}

/** Keeps a display name only: no paths, no control characters, bounded length. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  const clean = base
    .replace(/[\x00-\x1f\x7f]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return clean || 'file';
}

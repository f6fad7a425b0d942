/**
 * A Kefu reply as WeChat customer-service messages (pure): the text as one message, each file as
 * one more (image, voice or video, uploaded first). Anything the platform cannot carry is named.
 */
import { TEXT_LIMIT_BYTES } from './refusals.ts';

export type MediaType = 'image' | 'voice' | 'video';

export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'media'; type: MediaType; attachmentId: string };

const LIMITS: Record<MediaType, number> = {
  image: 10 * 1_048_576,
  voice: 2 * 1_048_576,
  video: 10 * 1_048_576,
};

/**
 * The platform's media type of a file. AMR has no content type of its own here (the core's
 * sniffer keeps it as application/octet-stream), so an opaque file named `.amr` is voice.
 */
export function mediaTypeOf(contentType: string, fileName = ''): MediaType | null {
  const t = contentType.toLowerCase().split(';')[0].trim();
  if (['image/jpeg', 'image/png', 'image/gif', 'image/bmp'].includes(t)) return 'image';
  if (['audio/amr', 'audio/mpeg', 'audio/mp3'].includes(t)) return 'voice';
  if (t === 'application/octet-stream' && /\.amr$/i.test(fileName)) return 'voice';
  if (t === 'video/mp4') return 'video';
  return null;
}

export type Plan =
  | { parts: Part[] }
  | { problem: 'wechat_unsupported_media' | 'wechat_text_too_long' };

export function planParts(
  content: string,
  attachments: ReadonlyArray<{ id: string; content_type: string; size: number; file_name: string }>,
): Plan {
  const parts: Part[] = [];
  const text = content.trim();
  if (text) {
    if (Buffer.byteLength(text, 'utf8') > TEXT_LIMIT_BYTES)
      return { problem: 'wechat_text_too_long' };
    parts.push({ kind: 'text', text });
  }
  for (const a of attachments) {
    const type = mediaTypeOf(a.content_type, a.file_name);
    if (!type || Number(a.size) > LIMITS[type]) return { problem: 'wechat_unsupported_media' };
    parts.push({ kind: 'media', type, attachmentId: a.id });
  }
  return { parts };
}

/**
 * Files the visitor picked that are not uploaded yet (the network was down, or is being waited for):
 * kept in memory beside the outbox, which persists only their names (a File cannot be stored), and
 * shown from a local preview until the upload is done. After a reload they are gone and the message
 * that carried them is marked not sent.
 */

/** What the outbox keeps of a file waiting to be uploaded. */
export interface LocalFileRef {
  key: string;
  name: string;
  type: string;
}

const files = new Map<string, { file: File; preview: string | null }>();
let next = 0;

const previewable = (type: string) => type.startsWith('image/') && type !== 'image/svg+xml';

export function keepFiles(list: File[]): LocalFileRef[] {
  return list.map((file) => {
    const key = `f${Date.now().toString(36)}-${next++}`;
    const preview = previewable(file.type) ? URL.createObjectURL(file) : null;
    files.set(key, { file, preview });
    return { key, name: file.name, type: file.type };
  });
}

/** The file itself, or null when it was lost (the page was reloaded). */
export const localFile = (key: string): File | null => files.get(key)?.file ?? null;

/** A `blob:` URL of a picture (img-src allows blob:), or null. */
export const localPreview = (key: string): string | null => files.get(key)?.preview ?? null;

export function forgetFile(key: string): void {
  const f = files.get(key);
  if (f?.preview) URL.revokeObjectURL(f.preview);
  files.delete(key);
}

/** A one-file multipart/form-data body (what `media/upload` takes), built without a form library. */
import { randomBytes } from 'node:crypto';

export function multipart(
  fieldName: string,
  file: { data: Buffer; fileName: string; contentType: string },
): { body: Buffer; contentType: string } {
  const boundary = `----kefu${randomBytes(12).toString('hex')}`;
  const safeName = file.fileName.replace(/["\r\n\\]/g, '_');
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${fieldName}"; filename="${safeName}"; filelength=${file.data.length}\r\n` +
    `Content-Type: ${file.contentType.replace(/[\r\n]/g, '')}\r\n\r\n`;
  return {
    body: Buffer.concat([
      Buffer.from(head, 'utf8'),
      file.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

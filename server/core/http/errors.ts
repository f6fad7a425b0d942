/** Maps every failure to `{ error: { code, message, details } }`; unknown errors never leak internals. */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { storageFailure } from '../db/storage-full.ts';
import { isAppError } from '../errors.ts';
import { asDatabaseBusy } from '../db/pg-errors.ts';

/** `database`: whose storage condition a disk-full failure outside a command is counted against (db/storage-full.ts). */
export function installErrorHandling(app: FastifyInstance, database?: object): void {
  app.setErrorHandler((raw: FastifyError, req, reply) => {
    // a write outside a command (commands are mapped by execute()) that failed for lack of space: 503 storage_full
    // a read outside a command that timed out or found the pool exhausted (PostgreSQL): 503 database_busy
    const err = asDatabaseBusy(
      database && !isAppError(raw)
        ? storageFailure(database, raw, req.log as unknown as Logger)
        : raw,
    ) as FastifyError;
    if (isAppError(err)) {
      if (err.headers) reply.headers(err.headers);
      return reply.code(err.status).send({
        error: {
          code: err.code,
          message: err.message,
          ...(err.details !== undefined ? { details: err.details } : {}),
        },
      });
    }
    const mapped = mapFastifyError(err);
    if (mapped)
      return reply
        .code(mapped.status)
        .send({ error: { code: mapped.code, message: mapped.message } });
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({
      error: {
        code: 'internal_error',
        message: 'Something went wrong. The error was logged.',
        requestId: req.id,
      },
    });
  });
  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: 'The resource was not found.' } });
  });
}

/**
 * Errors Fastify answers before any route runs (`frameworkErrors`: a malformed percent-encoding, a
 * path parameter over the limit) and those of Node's HTTP parser (`clientErrorHandler`), in the
 * same error shape as everything else.
 */
export function frameworkErrors(
  err: FastifyError,
  _req: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  reply.code(status).send({
    error: {
      code: 'invalid_request',
      message:
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A path parameter is too long.'
          : 'The URL is not validly encoded.',
    },
  });
}

/** Node's HTTP parser rejected the request (bad header, headers too large): answer in the error shape and close. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({
    error: { code: 'invalid_request', message: 'The request could not be parsed.' },
  });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function mapFastifyError(
  err: FastifyError,
): { status: number; code: string; message: string } | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', message: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return {
        status: 415,
        code: 'unsupported_media_type',
        message: 'This content type is not supported here.',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        code: 'invalid_request',
        message: 'The Content-Length header is invalid.',
      };
  }
  // busboy: "Multipart: Boundary not found", "Unexpected end of multipart data", "Malformed part header"
  if (/^Multipart:|multipart data|part header/i.test(err.message ?? ''))
    return { status: 400, code: 'invalid_request', message: 'The multipart body is malformed.' };
  if (err instanceof URIError)
    return { status: 400, code: 'invalid_request', message: 'The URL is not validly encoded.' };
  if (err instanceof RangeError && /call stack/i.test(err.message))
    return { status: 400, code: 'invalid_request', message: 'The request is nested too deeply.' };
  if (err instanceof SyntaxError)
    return { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, code: 'invalid_request', message: 'The request is invalid.' };
  }
  return null;
}

/**
 * What both simulators share over HTTP (hono): the control error they answer with, and one body reader that
 * enforces CloudBase's own request limits (runtime/limits.ts) before any handler sees the body.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { BODY_LIMIT, TEXT_BODY_LIMIT } from '../../../cloudfunctions/_shared/runtime/limits'

/** A test control refused: HTTP `status` with `{ ok: false, error: { code, message } }`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** The answer of a control that threw. */
export function controlErrorBody(e: ControlError): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: e.code, message: e.message } }
}

/**
 * The one body limit of the local cloud and its simulators: hono's `bodyLimit`, except that a request whose
 * content-length already answers is judged on the header alone (hono asks for the body stream first, which
 * on node turns every request into a web stream: a few per cent of the grab's CPU).
 */
export function limitBodySize(options: {
  maxSize: number
  onError: (c: Context) => Response
}): MiddlewareHandler {
  const streaming = bodyLimit(options)
  return (c, next) => {
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > options.maxSize ? Promise.resolve(options.onError(c)) : next()
    }
    return streaming(c, next)
  }
}

/**
 * The body limit of a simulator's routes: JSON bodies as a function's text limit (100 KB), uploads (media) as
 * the binary one (6 MB). Over it: 413 before the body is read whole.
 */
export function limitBody(kind: 'text' | 'binary'): MiddlewareHandler {
  const maxSize = kind === 'text' ? TEXT_BODY_LIMIT : BODY_LIMIT
  return limitBodySize({
    maxSize,
    onError: (c) =>
      c.json(
        controlErrorBody(new ControlError(413, 'PAYLOAD_TOO_LARGE', `request body over ${maxSize} bytes`)),
        413,
      ),
  })
}

/** The request body as bytes (after `limitBody`). */
export async function readBody(c: Context): Promise<Buffer> {
  return Buffer.from(await c.req.arrayBuffer())
}

/** A JSON reply with a known length (the services answer with one). */
export function sendJson(c: Context, status: number, body: unknown): Response {
  const text = JSON.stringify(body)
  return new Response(text, {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    },
  })
}

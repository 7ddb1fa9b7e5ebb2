import { abortable } from '../time/abortable.js';

/**
 * What a bounded read needs of an HTTP answer. The global fetch's Response fits; so does a plain
 * stub with only `text()` (tests), which is read whole and then measured.
 */
export interface StreamedBody {
  text(): Promise<string>;
  /** The body stream; null for an answer without a body (HEAD, 204). */
  body?: ReadableStream<Uint8Array> | null;
  /** Used for `Content-Length`, so a declared oversized body is refused before any byte is read. */
  headers?: { get(name: string): string | null };
}

/** A body read to its end within the limit: the text (UTF-8) and its size in bytes. */
export interface BodyWithin {
  overLimit: false;
  text: string;
  bytes: number;
}

/**
 * A body larger than the limit: nothing of it is returned. `declaredBytes` is the Content-Length
 * when that alone gave it away (no byte read); otherwise `readBytes` were read before the stream
 * was cancelled.
 */
export interface BodyOverLimit {
  overLimit: true;
  declaredBytes?: number;
  readBytes: number;
}

/**
 * Reads `response`'s body as UTF-8 text, never holding more than `maxBytes` (+ one chunk) of it.
 * A Content-Length above the limit is refused unread; a stream that passes the limit is cancelled
 * there, which makes fetch close the connection instead of downloading the rest. The limit counts
 * decoded bytes (fetch undoes gzip), so a compressed answer cannot slip through either. Settles as
 * soon as `signal` aborts (rejecting with its reason), even if the stream ignores it.
 */
export async function readBoundedBody(
  response: StreamedBody,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<BodyWithin | BodyOverLimit> {
  const read = async (): Promise<BodyWithin | BodyOverLimit> => {
    const { body } = response;
    if (body === undefined) {
      // A stub without a stream: text() is all it offers, so it can only be measured afterwards.
      const text = await response.text();
      const bytes = Buffer.byteLength(text, 'utf8');
      return bytes > maxBytes ? { overLimit: true, readBytes: bytes } : { overLimit: false, text, bytes };
    }
    if (body === null) return { overLimit: false, text: '', bytes: 0 };
    const declared = declaredLength(response);
    if (declared !== undefined && declared > maxBytes) {
      cancel(body.cancel());
      return { overLimit: true, declaredBytes: declared, readBytes: 0 };
    }
    return readStream(body, maxBytes, signal);
  };
  return signal === undefined ? read() : abortable(read(), signal);
}

/**
 * Reads chunks until the end or past `maxBytes`. Memory, measured with the built CLI against
 * 150 MB answers: a chunk that is merely dropped is freed at V8's next full collection, which
 * waits for about 64 MB of such garbage, so a bake polling three oversized answers every second
 * stayed near 160 MB whatever the cap. The chunks of a byte stream (fetch's body is one) belong
 * to the reader alone, as the stream transferred them on enqueue, so they are released here the
 * moment they are no longer needed (135-143 MB in the same run); other streams' chunks may be
 * shared with their producer and are left to the collector.
 */
async function readStream(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<BodyWithin | BodyOverLimit> {
  const owned = isByteStream(body);
  const reader = body.getReader();
  // A stream that ignores the signal is cancelled here, so it stops producing once the caller gave up.
  const onAbort = (): void => cancel(reader.cancel(signal?.reason));
  signal?.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  const releaseAll = (): void => {
    if (owned) chunks.forEach(release);
    chunks.length = 0;
  };
  let bytes = 0;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      chunks.push(chunk.value);
      bytes += chunk.value.byteLength;
      if (bytes > maxBytes) {
        // Not awaited: an underlying source whose cancel never settles must not hold the caller.
        cancel(reader.cancel());
        return { overLimit: true, readBytes: bytes };
      }
    }
    // One buffer of its own (never a slice of Buffer's shared pool), so it can be released too.
    const whole = new Uint8Array(bytes);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.byteLength;
    }
    releaseAll();
    // As response.text() does: UTF-8, a byte-order mark dropped, invalid sequences replaced.
    const text = new TextDecoder('utf-8').decode(whole);
    release(whole);
    return { overLimit: false, text, bytes };
  } finally {
    releaseAll();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Only a byte stream hands out a BYOB reader; taking one and letting it go leaves the stream as it was. */
function isByteStream(body: ReadableStream<Uint8Array>): boolean {
  try {
    body.getReader({ mode: 'byob' }).releaseLock();
    return true;
  } catch {
    return false;
  }
}

/**
 * Frees a chunk's memory now: detaching an ArrayBuffer (`transfer(0)`, Node 21+) drops its backing
 * store at once instead of at the next full GC. Only for buffers nothing else refers to.
 */
function release(chunk: Uint8Array): void {
  const buffer = chunk.buffer as ArrayBufferLike & { transfer?: (length: number) => ArrayBuffer };
  try {
    buffer.transfer?.(0);
  } catch {
    // Already detached, or not detachable: the collector frees it.
  }
}

/** The Content-Length header as a number, when it is one. */
function declaredLength(response: StreamedBody): number | undefined {
  const value = response.headers?.get('content-length')?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** A cancel may fail (the stream already errored): the body is dropped either way. */
function cancel(pending: Promise<void>): void {
  pending.catch(() => undefined);
}

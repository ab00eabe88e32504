/**
 * The events named `name` of a server-sent-events body (text/event-stream), each one's data parsed as JSON, until
 * the server ends the stream. Read with fetch rather than EventSource, so that the request carries the bearer token
 * through the client's middleware like every other call. Lines end with LF (as the services send them).
 */
export async function* eventsOf<T>(body: ReadableStream<Uint8Array>, name: string): AsyncGenerator<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event?.name === name) {
          yield JSON.parse(event.data) as T;
        }
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** One event block: its `event:` name (default `message`) and its `data:` lines joined; null for a comment. */
function parseEvent(block: string): { name: string; data: string } | null {
  let name = 'message';
  const data: string[] = [];
  for (const line of block.split('\n').map((raw) => raw.replace(/\r$/, ''))) {
    const colon = line.indexOf(':');
    if (colon === 0) {
      continue;
    }
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') {
      name = value;
    } else if (field === 'data') {
      data.push(value);
    }
  }
  return data.length > 0 ? { name, data: data.join('\n') } : null;
}

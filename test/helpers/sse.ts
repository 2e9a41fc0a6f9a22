/** A Server-Sent Events client for tests: reads a stream over real HTTP and hands out its events as they come. */
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The next event that matches, waiting for it; rejects when the stream ends first. */
  next(match?: (e: SseEvent) => boolean): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Heartbeat comments seen. */
  comments: () => number;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const queue: SseEvent[] = [];
  const waiting: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void; reject: (err: Error) => void }[] = [];
  let comments = 0;
  let done = false;
  const deliver = (e: SseEvent) => {
    const i = waiting.findIndex((w) => w.match(e));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(e);
    else queue.push(e);
  };
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const e: SseEvent = { id: null, event: 'message', data: '' };
          let any = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments++;
            else if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ')) {
              e.event = line.slice(7);
              any = true;
            } else if (line.startsWith('data: ')) {
              e.data = line.slice(6);
              any = true;
            }
          }
          if (any) deliver(e);
        }
      }
    } catch {
      // Aborted by close().
    }
  })().finally(() => {
    done = true;
    for (const w of waiting.splice(0)) w.reject(new Error('the stream ended'));
  });
  return {
    status: res.status,
    headers: res.headers,
    ended,
    comments: () => comments,
    next(match = () => true) {
      const i = queue.findIndex(match);
      if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0]!);
      if (done) return Promise.reject(new Error('the stream ended'));
      return new Promise((resolve, reject) => waiting.push({ match, resolve, reject }));
    },
    close: () => controller.abort(),
  };
}

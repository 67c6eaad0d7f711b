import { defineContentScript } from '#imports';

/*
 * WebSocket frames are invisible to every extension API (webRequest shows only the handshake). This probe runs in
 * the page's own world and wraps the WebSocket constructor in a Proxy (the page still sees the same constructor,
 * prototype and constants) to count the payload size of each message received. It sends only sizes, through a DOM
 * event the isolated content script listens to; a page could forge such events, which would only inflate its
 * own estimated figure.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_start',
  world: 'MAIN',
  main() {
    const Native = window.WebSocket;
    if (!Native) return;
    const encoder = new TextEncoder();
    const sizeOf = (data: unknown): number =>
      typeof data === 'string' ? encoder.encode(data).length : data instanceof Blob ? data.size : data instanceof ArrayBuffer ? data.byteLength : 0;
    window.WebSocket = new Proxy(Native, {
      construct(target, args, newTarget) {
        const socket = Reflect.construct(target, args, newTarget) as WebSocket;
        const report = (payload: number) => window.dispatchEvent(new CustomEvent('empreinte:websocket-message', { detail: payload }));
        socket.addEventListener('message', (event: MessageEvent) => report(sizeOf(event.data)));
        // A clean close means the server sent a close frame: its payload is the code (2 bytes) and the reason,
        // or nothing when no code was given (1005).
        socket.addEventListener('close', (event: CloseEvent) => {
          if (event.wasClean) report(event.code === 1005 ? 0 : 2 + encoder.encode(event.reason).length);
        });
        return socket;
      },
    });
  },
});

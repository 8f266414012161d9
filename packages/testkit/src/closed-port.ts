import { once } from "node:events";
import { createServer } from "node:net";

/** Where {@link closedPort} starts looking: below Linux's ephemeral range (32768–60999). */
const FIRST = 20_000;

/**
 * A port on 127.0.0.1 that nothing listens on, for a test of a refused connection. Not one a
 * server was just given for port 0 and closed: a test running beside it can be given that same
 * port between the close and the connection (a flaky test). Ports below the ephemeral range are
 * given to no one who asks for port 0; the first of them that can be listened on is free, and is
 * closed again.
 */
export async function closedPort(): Promise<number> {
  for (let port = FIRST; port < FIRST + 1000; port++) {
    const server = createServer();
    server.listen(port, "127.0.0.1");
    const listening = await Promise.race([
      once(server, "listening").then(() => true),
      once(server, "error").then(() => false),
    ]);
    if (!listening) continue;
    server.close();
    await once(server, "close");
    return port;
  }
  throw new Error(`No free port on 127.0.0.1 from ${FIRST} to ${FIRST + 999}`);
}

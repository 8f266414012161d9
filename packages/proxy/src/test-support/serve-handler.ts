import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { FetchHandler } from "../create-proxy-handler.js";
import { toNodeListener } from "../to-node-listener.js";

/** A Fetch-API handler served over real HTTP on 127.0.0.1 (port 0), through `toNodeListener`. */
export interface ServedHandler {
  url: string;
  close(): Promise<void>;
}

export async function serveHandler(handler: FetchHandler): Promise<ServedHandler> {
  const sockets = new Set<Socket>();
  const server = createServer(toNodeListener(handler));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}

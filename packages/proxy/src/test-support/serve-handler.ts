import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { FetchHandler } from "../create-proxy-handler.js";
import { createProxyServer, type ProxyServerOptions } from "../create-proxy-server.js";

/** A Fetch-API handler served over real HTTP on 127.0.0.1 (port 0), through `createProxyServer`. */
export interface ServedHandler {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function serveHandler(
  handler: FetchHandler,
  options: ProxyServerOptions = {},
): Promise<ServedHandler> {
  const sockets = new Set<Socket>();
  const server = createProxyServer(handler, options);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}

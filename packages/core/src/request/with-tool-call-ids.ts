import type { ChatMessage, ChatRequest, ContentPart } from "./chat-request.js";

/**
 * The request with an id on every tool call and tool result, for a target that pairs them by id
 * (OpenAI, Anthropic, Responses) when the source did not (Gemini and Ollama pair by name and
 * order). A call without an id gets `call_<n>` (its position among the request's calls); a
 * result without an id takes the id of the earliest call not answered yet with the same name,
 * or of the earliest unanswered call when it names none. Ids already present are kept. The
 * input is not changed.
 *
 * @example
 * ```ts
 * withToolCallIds(geminiRequest).messages[1]?.content[0]; // { type: "tool-call", id: "call_0", name: "weather", … }
 * ```
 */
export function withToolCallIds(request: ChatRequest): ChatRequest {
  let needed = false;
  for (const message of request.messages)
    for (const part of message.content)
      if ((part.type === "tool-call" || part.type === "tool-result") && part.id === undefined)
        needed = true;
  if (!needed) return request;
  const used = new Set<string>();
  for (const message of request.messages)
    for (const part of message.content)
      if ((part.type === "tool-call" || part.type === "tool-result") && part.id !== undefined)
        used.add(part.id);
  let counter = 0;
  const fresh = (): string => {
    let id = `call_${counter++}`;
    while (used.has(id)) id = `call_${counter++}`;
    used.add(id);
    return id;
  };
  /** Calls not answered yet, in order: their id and name. */
  const open: { id: string; name: string }[] = [];
  const messages = request.messages.map((message): ChatMessage => {
    const content = message.content.map((part): ContentPart => {
      if (part.type === "tool-call") {
        const id = part.id ?? fresh();
        open.push({ id, name: part.name });
        return part.id === undefined ? { ...part, id } : part;
      }
      if (part.type === "tool-result") {
        let at = -1;
        if (part.id !== undefined) at = open.findIndex((call) => call.id === part.id);
        else if (part.name !== undefined) at = open.findIndex((call) => call.name === part.name);
        if (at === -1 && part.id === undefined) at = open.length > 0 ? 0 : -1;
        const call = at === -1 ? undefined : open.splice(at, 1)[0];
        if (part.id !== undefined) return part;
        return { ...part, id: call?.id ?? fresh() };
      }
      return part;
    });
    return { ...message, content };
  });
  return { ...request, messages };
}

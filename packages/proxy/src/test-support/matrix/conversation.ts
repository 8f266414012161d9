/**
 * The conversation every matrix client sends, each in its own API's words: a system prompt,
 * a first turn in which the assistant called `get_weather` for Paris and got its result, the
 * assistant's answer, and a new user message; one tool; at most 256 tokens.
 */
export const SYSTEM = "You are a weather bot. Answer in one sentence.";
export const FIRST_QUESTION = "What is the weather in Paris?";
export const TOOL_RESULT = "18°C and sunny";
export const FIRST_ANSWER = "It is 18°C and sunny in Paris.";
export const QUESTION = "And in Berlin?";
export const MAX_TOKENS = 256;
export const TOOL_NAME = "get_weather";
export const TOOL_DESCRIPTION = "The current weather in a city";
export const TOOL_PARAMETERS = {
  type: "object",
  properties: { city: { type: "string", description: "The city's name" } },
  required: ["city"],
};
export const PARIS = { city: "Paris" };

/** What every upstream fixture answers: text, a call for Berlin, the finish, the usage. */
export const ANSWER_TEXT = "Let me check Berlin.";
export const ANSWER_CALL = { name: TOOL_NAME, args: { city: "Berlin" } };
export const USAGE = { input: 42, output: 17 };

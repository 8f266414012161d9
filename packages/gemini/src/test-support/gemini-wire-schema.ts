import { z } from "zod";

/*
 * Gemini's `streamGenerateContent` payloads as the reference documents them
 * (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse) and
 * `@google/genai`'s types name them: strict, so a field Gemini does not send fails the check.
 */

const count = z.number().int().nonnegative();

/** `FinishReason` (https://ai.google.dev/api/generate-content#FinishReason). */
export const finishReasonSchema = z.enum([
  "FINISH_REASON_UNSPECIFIED",
  "STOP",
  "MAX_TOKENS",
  "SAFETY",
  "RECITATION",
  "LANGUAGE",
  "OTHER",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "MALFORMED_FUNCTION_CALL",
  "IMAGE_SAFETY",
  "UNEXPECTED_TOOL_CALL",
  "TOO_MANY_TOOL_CALLS",
  "IMAGE_PROHIBITED_CONTENT",
  "NO_IMAGE",
  "IMAGE_RECITATION",
  "IMAGE_OTHER",
]);

const functionCallSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string(),
  args: z.record(z.string(), z.json()).optional(),
});

/** `Part` (https://ai.google.dev/api/caching#Part): one of its data fields, with its metadata. */
export const partSchema = z
  .strictObject({
    text: z.string().optional(),
    thought: z.boolean().optional(),
    thoughtSignature: z.string().optional(),
    functionCall: functionCallSchema.optional(),
    functionResponse: z.record(z.string(), z.json()).optional(),
    executableCode: z.strictObject({ language: z.string(), code: z.string() }).optional(),
    codeExecutionResult: z
      .strictObject({ outcome: z.string(), output: z.string().optional() })
      .optional(),
    inlineData: z.strictObject({ mimeType: z.string(), data: z.string() }).optional(),
    fileData: z.strictObject({ mimeType: z.string().optional(), fileUri: z.string() }).optional(),
  })
  .refine((part) => Object.keys(part).length > 0, "a part must not be empty");

export const contentSchema = z.strictObject({
  parts: z.array(partSchema).min(1),
  role: z.literal("model"),
});

export const candidateSchema = z.strictObject({
  content: contentSchema.optional(),
  finishReason: finishReasonSchema.optional(),
  index: count.optional(),
  safetyRatings: z.array(z.json()).optional(),
  citationMetadata: z.json().optional(),
  groundingMetadata: z.json().optional(),
  urlContextMetadata: z.json().optional(),
  avgLogprobs: z.number().optional(),
  logprobsResult: z.json().optional(),
  finishMessage: z.string().optional(),
  tokenCount: count.optional(),
});

const modalityCounts = z.array(z.strictObject({ modality: z.string(), tokenCount: count }));

/** `UsageMetadata` (https://ai.google.dev/api/generate-content#UsageMetadata). */
export const usageMetadataSchema = z.strictObject({
  promptTokenCount: count.optional(),
  cachedContentTokenCount: count.optional(),
  candidatesTokenCount: count.optional(),
  toolUsePromptTokenCount: count.optional(),
  thoughtsTokenCount: count.optional(),
  totalTokenCount: count.optional(),
  promptTokensDetails: modalityCounts.optional(),
  cacheTokensDetails: modalityCounts.optional(),
  candidatesTokensDetails: modalityCounts.optional(),
  toolUsePromptTokensDetails: modalityCounts.optional(),
  trafficType: z.string().optional(),
});

export const generateContentResponseSchema = z.strictObject({
  candidates: z.array(candidateSchema).optional(),
  promptFeedback: z
    .strictObject({
      blockReason: z.string().optional(),
      safetyRatings: z.array(z.json()).optional(),
    })
    .optional(),
  usageMetadata: usageMetadataSchema.optional(),
  modelVersion: z.string().optional(),
  responseId: z.string().optional(),
  createTime: z.string().optional(),
});

/** Google's error object (https://cloud.google.com/apis/design/errors#http_mapping). */
export const errorPayloadSchema = z.strictObject({
  error: z.strictObject({
    code: z.number().int().min(400).max(599),
    message: z.string(),
    status: z.string(),
    details: z.array(z.record(z.string(), z.json())).optional(),
  }),
});

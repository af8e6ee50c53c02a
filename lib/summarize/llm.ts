import OpenAI, { APIUserAbortError } from 'openai';
import { SummarizerFailure, toSummarizerFailure } from './errors';
import type { ChatMessage } from './prompts';

/** One chat completion: messages in, assistant text out. */
export interface ChatModel {
  complete(model: string, messages: ChatMessage[], signal?: AbortSignal): Promise<string>;
}

export interface ChatModelConfig {
  apiKey: string;
  baseURL?: string;
  timeoutMs: number;
}

export function createOpenAIChatModel(config: ChatModelConfig): ChatModel {
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    timeout: config.timeoutMs,
    // Retries belong to the caller (Temporal activity retry policy); retrying here too would multiply them.
    maxRetries: 0,
  });

  return {
    async complete(model, messages, signal) {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create({ model, messages }, { signal });
      } catch (error) {
        if (error instanceof APIUserAbortError && signal?.aborted) throw signal.reason ?? error;
        throw toSummarizerFailure(error, config.apiKey);
      }
      return assistantText(completion);
    },
  };
}

function assistantText(completion: OpenAI.Chat.Completions.ChatCompletion): string {
  const choice = completion.choices?.[0];
  if (choice?.message?.refusal || choice?.finish_reason === 'content_filter') {
    throw new SummarizerFailure('SummarizerRejected', `model refused to summarize: ${choice.message?.refusal ?? 'content filter'}`);
  }
  // Reasoning models served through Ollama/vLLM may put their chain of thought in the content.
  const text = (choice?.message?.content ?? '').replace(/^\s*<think>[\s\S]*?<\/think>/, '').trim();
  if (!text) throw new SummarizerFailure('SummarizerUnavailable', 'model returned an empty completion');
  return text;
}

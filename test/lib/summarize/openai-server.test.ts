import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAIServer, type OpenAIServer } from '../../fixtures/openai-server';

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function chat(url: string, init: { key?: string; content?: string; signal?: AbortSignal } = {}) {
  return fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.key ? { authorization: `Bearer ${init.key}` } : {}) },
    body: JSON.stringify({ model: 'test-model', messages: [{ role: 'user', content: init.content ?? 'one two three' }] }),
    signal: init.signal,
  });
}

describe('OpenAI fixture server', () => {
  it('answers a deterministic completion with usage and records the request', async () => {
    server = await startOpenAIServer();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);

    const response = await chat(server.url, { key: 'k1' });
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body.model).toBe('test-model');
    expect(body.choices[0].message.content).toBe('Summary: one two three');
    expect(body.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
    expect(server.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/v1/chat/completions', authorization: 'Bearer k1', outcome: 'ok' }),
    ]);
    expect(server.requests[0].body?.messages[0].content).toBe('one two three');
  });

  it('follows the fault plan step by step, then answers normally', async () => {
    server = await startOpenAIServer({ plan: [{ fault: 'rate-limit', times: 2 }, { fault: 'server-error', status: 503 }] });

    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await chat(server.url);
      statuses.push([response.status, response.headers.get('retry-after')]);
    }

    expect(statuses).toEqual([
      [429, '1'],
      [429, '1'],
      [503, null],
      [200, null],
    ]);
    expect(server.requests.map((request) => request.outcome)).toEqual(['rate-limit', 'rate-limit', 'server-error', 'ok']);
  });

  it('requires the configured key when asked to', async () => {
    server = await startOpenAIServer({ requireApiKey: 'right' });
    expect((await chat(server.url, { key: 'wrong' })).status).toBe(401);
    expect((await chat(server.url, { key: 'right' })).status).toBe(200);
  });

  it('hangs until the client gives up, and closes even with a hanging request', async () => {
    server = await startOpenAIServer({ plan: [{ fault: 'hang' }] });
    await expect(chat(server.url, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    const stillHanging = chat(server.url).catch((error: unknown) => error);
    server.behave([{ fault: 'hang' }]);
    await server.close();
    server = undefined;
    expect(await stillHanging).toBeInstanceOf(Error);
  });

  it('answers 404 for other paths', async () => {
    server = await startOpenAIServer();
    const response = await fetch(`${server.url}/models`);
    expect(response.status).toBe(404);
    expect(server.chatRequests()).toHaveLength(0);
  });
});

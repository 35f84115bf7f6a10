// A model API stub on loopback speaking the Anthropic Messages API, streaming (SSE) or not. The
// conversation it plays: asked with the Bash tool available, it calls Bash with the command it was
// given; once the request carries that call's tool_result, it answers with text. Any other
// request (a title, a quick classification, start-up probes) gets a short answer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOOL_USE_ID = 'toolu_warden_e2e_01';

interface ContentBlock {
  readonly type: string;
  readonly text?: string;
  readonly tool_use_id?: string;
  readonly content?: unknown;
  readonly is_error?: boolean;
}

interface MessagesRequest {
  readonly model?: string;
  readonly stream?: boolean;
  readonly tools?: ReadonlyArray<{ readonly name: string }>;
  readonly messages?: ReadonlyArray<{ readonly role: string; readonly content: string | readonly ContentBlock[] }>;
}

export interface ToolResult {
  readonly isError: boolean;
  /** The result's text, whatever shape the client sent it in. */
  readonly text: string;
}

export interface AnthropicStub {
  readonly url: string;
  /** Every request, as method and path. */
  readonly requests: string[];
  /** The tool_result blocks for the stub's tool call, as the client sent them back. */
  readonly toolResults: ToolResult[];
  close(): Promise<void>;
}

const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((c: ContentBlock) => c.text ?? '').join('\n') : JSON.stringify(content);

function toolResultsIn(body: MessagesRequest): ToolResult[] {
  const results: ToolResult[] = [];
  for (const message of body.messages ?? []) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type === 'tool_result' && block.tool_use_id === TOOL_USE_ID) results.push({ isError: block.is_error === true, text: textOf(block.content) });
    }
  }
  return results;
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: object };

function answer(res: ServerResponse, body: MessagesRequest, content: Block[]): void {
  const stop = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const model = body.model ?? 'claude-sonnet-4-5';
  const usage = { input_tokens: 12, output_tokens: 6 };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'msg_stub', type: 'message', role: 'assistant', model, content, stop_reason: stop, stop_sequence: null, usage }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event: string, data: object): void => void res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  send('message_start', { message: { id: 'msg_stub', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', { index, content_block: { ...block, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  send('message_stop', {});
  res.end();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text)).on('error', reject);
  });
}

/** A tool call the stub makes instead of Bash (an MCP tool: `mcp__<server>__<tool>`). */
export interface StubToolCall {
  readonly name: string;
  readonly input: object;
}

/** Starts the stub; each conversation that offers the tool (Bash by default) calls it once with `command` (or `call`'s input). */
export async function startAnthropicStub(command: string, call?: StubToolCall): Promise<AnthropicStub> {
  const tool = call ?? { name: 'Bash', input: { command, description: 'Run the requested command' } };
  const requests: string[] = [];
  const toolResults: ToolResult[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    readBody(req).then((raw) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"input_tokens":12}');
        return;
      }
      if (req.method !== 'POST' || path !== '/v1/messages') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const body = JSON.parse(raw) as MessagesRequest;
      const results = toolResultsIn(body);
      toolResults.push(...results);
      const canRunBash = (body.tools ?? []).some((t) => t.name === tool.name);
      if (canRunBash && results.length === 0) {
        answer(res, body, [{ type: 'tool_use', id: TOOL_USE_ID, name: tool.name, input: tool.input }]);
      } else answer(res, body, [{ type: 'text', text: canRunBash ? 'The command has been handled.' : 'ok' }]);
    }).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    toolResults,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

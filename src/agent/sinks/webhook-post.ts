// One POST of a JSON document to a webhook, and what its answer means for the alert: delivered,
// worth trying again later (the network, a timeout, 408, 429, 5xx), or refused (any other answer:
// a wrong address or token, which trying again would not fix).
export type PostResult =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string };

export const DEFAULT_POST_TIMEOUT_MS = 10_000;

/** A webhook address without what may be its secret (Slack and Teams put the token in the path). */
export const shownUrl = (url: URL): string => `${url.protocol}//${url.host}`;

/** Bytes of an error answer read to quote it: a webhook could answer with gigabytes. */
const MAX_ERROR_BODY = 4_096;

/** The start of an error answer's body, as `: text`, read no further than MAX_ERROR_BODY. */
async function snippet(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ERROR_BODY) {
      const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (done || !value) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // What arrived before the error is quoted.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY).toString('utf8').replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `: ${text.length > 200 ? `${text.slice(0, 199)}…` : text}`;
}

export async function postJson(url: URL, body: unknown, timeoutMs = DEFAULT_POST_TIMEOUT_MS): Promise<PostResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'warden-watch' },
      body: JSON.stringify(body),
      // A redirect would send the alert somewhere not named: the final address must be given.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : e.cause?.code ?? e.cause?.message ?? e.message;
    return { kind: 'retry', reason: `${shownUrl(url)} could not be reached (${why})` };
  }
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel().catch(() => undefined);
    return { kind: 'delivered' };
  }
  const detail = await snippet(res);
  if (res.status === 408 || res.status === 429 || res.status >= 500) return { kind: 'retry', reason: `${shownUrl(url)} answered HTTP ${res.status}${detail}` };
  if (res.status >= 300 && res.status < 400) return { kind: 'refused', reason: `${shownUrl(url)} redirects (HTTP ${res.status}); give the address it redirects to` };
  return { kind: 'refused', reason: `${shownUrl(url)} refused the alert (HTTP ${res.status}${detail}); check the address and its token` };
}

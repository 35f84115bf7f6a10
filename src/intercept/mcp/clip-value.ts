// Tool arguments as the logs keep them: credentials redacted first (so no cut can leave half a
// secret behind), then long strings, long arrays, wide objects and deep nesting clipped.
import { clipValue, LOG_CLIP, type ClipLimits } from '../../audit/clip.js';
import { redactValue } from '../../core/detect/redact.js';

export { LOG_CLIP, type ClipLimits };

export function clipForLog(value: unknown, limits: ClipLimits = LOG_CLIP): unknown {
  return clipValue(redactValue(value), limits);
}

// Shape of a sequence file under rules/sequences/ (stage one of three). A sequence is an
// ordered list of steps, each a list of matcher alternatives exactly like a rule's `match`.
import { z } from 'zod';
import { SEVERITIES } from '../vocabulary.js';
import { exampleSchema, matcherSchema } from '../rules/rule-schema.js';

export const STEP_LINKS = ['same_path', 'inside_path', 'runs_path'] as const;
export type StepLink = (typeof STEP_LINKS)[number];

const text = z.string().min(1);

export const stepSchema = z.strictObject({
  match: z.array(matcherSchema).min(1).describe('Alternatives: the step holds when any entry holds'),
  unless: z.array(matcherSchema).optional().describe('Alternatives that exempt an event the step would match'),
  link: z.enum(STEP_LINKS).optional()
    .describe('How the event relates to the previous step: names one of its paths (same_path), a path inside one (inside_path), or runs one (runs_path)'),
  count: z.number().int().min(1).max(1000).default(1)
    .describe('Times the step must hold (distinct linked paths when `link` is set, events otherwise)'),
});

/** One event of an example, or a pause before the next. */
export const exampleItemSchema = z.union([exampleSchema, z.strictObject({ wait_seconds: z.number().positive() })]);

export const sequenceSchema = z.strictObject({
  id: z.string().regex(/^WD-SEQ-\d{3}$/, 'sequence ids look like WD-SEQ-001'),
  title: text,
  description: text,
  severity: z.enum(SEVERITIES),
  tags: z.array(text).default([]),
  maturity: z.enum(['stable', 'incubating']).default('stable'),
  window_seconds: z.number().positive().max(7 * 24 * 3600).describe('Every step must happen within this many seconds of the first'),
  steps: z.array(stepSchema).min(2).max(10),
  examples: z.strictObject({
    match: z.array(z.array(exampleItemSchema).min(1)).default([]),
    no_match: z.array(z.array(exampleItemSchema).min(1)).default([]),
  }),
});

export const sequenceFileSchema = z.strictObject({
  description: text,
  sequences: z.array(sequenceSchema).min(1),
});

export type SequenceInput = z.infer<typeof sequenceSchema>;
export type StepInput = z.infer<typeof stepSchema>;
export type ExampleItem = z.infer<typeof exampleItemSchema>;

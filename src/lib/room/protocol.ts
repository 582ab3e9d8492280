/**
 * The workshop room's wire contract, shared by the room server (Node), the learner's pages and the dashboard: request
 * bodies as zod schemas (unknown fields refused), the shapes the server answers with, and the vocabulary events may
 * use — the lab definition's step ids and the lessons' slugs, nothing else.
 */
import { z } from 'zod';
import { lab } from '../../../labs/lab';
import { lessons } from '../../../labs/lessons.mjs';

export const STEP_IDS: readonly string[] = lab.steps.map((s) => s.id);
export const LESSON_SLUGS: readonly string[] = lessons.map((l) => l.slug);

/** Bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 4096;

/** A display name: 1–40 characters after trimming, no control characters (C0, DEL, C1, bidi overrides). */
const displayName = z
  .string()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, 'name must not be empty')
      .max(40, 'name must be at most 40 characters')
      // eslint-disable-next-line no-control-regex
      .refine((s) => !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s), 'name must not contain control characters'),
  );

export const CreateRoomBody = z.strictObject({ name: displayName });
export const JoinBody = z.strictObject({ name: displayName });
export const BroadcastBody = z.strictObject({
  message: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'message must not be empty').max(500, 'message must be at most 500 characters')),
});

/** Optional members a learner's page adds so that a queued event keeps its time and a resent one is not counted twice. */
const delivery = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be 1–64 letters, digits, - or _').optional(),
  at: z.iso.datetime({ offset: true }).optional(),
};
export const StepEventBody = z.strictObject({
  step: z.string().refine((s) => STEP_IDS.includes(s), 'step must be a step id of the lab definition'),
  result: z.enum(['pass', 'fail']),
  ...delivery,
});
export const LessonEventBody = z.strictObject({
  lesson: z.string().refine((s) => LESSON_SLUGS.includes(s), 'lesson must be a lesson slug of the workshop'),
  ...delivery,
});
export const EventBody = z.union([StepEventBody, LessonEventBody]);
export type EventBody = z.infer<typeof EventBody>;

export interface StepProgress {
  result: 'pass' | 'fail';
  /** When the step was passed, or when it last failed while not passed. ISO 8601. */
  at: string;
  /** Failed checks of this step, counted before and after any pass. */
  fails: number;
}

export interface LearnerProgress {
  learnerId: string;
  name: string;
  /** The lesson the learner is on, and since when (null before the first lesson event). */
  lesson: string | null;
  lessonSince: string | null;
  steps: Record<string, StepProgress>;
  lastSeen: string;
}

export interface ProgressResponse {
  room: { code: string; name: string; createdAt: string; expiresAt: string };
  steps: readonly string[];
  lessons: readonly string[];
  learners: LearnerProgress[];
}

export interface CreateRoomResponse {
  code: string;
  instructorKey: string;
  joinUrl: string;
  dashboardUrl: string;
}

export interface JoinResponse {
  learnerId: string;
  token: string;
}

/** What the instructor's stream carries: one `learner` event per learner event, and `message` per broadcast. */
export type StreamEvent =
  | { type: 'learner'; learner: LearnerProgress }
  | { type: 'message'; message: string; at: string }
  | { type: 'closed' };

export { CODE_ALPHABET, CODE_PATTERN } from './codes';

/** The first zod issue as one sentence naming the field, for a 400's message. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid body';
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  if (issue.code === 'invalid_union') {
    return 'body must be {"step": <step id>, "result": "pass"|"fail"} or {"lesson": <lesson slug>}';
  }
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

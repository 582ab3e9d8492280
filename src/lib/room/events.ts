/** The page event a lesson's Check dispatches with {step, result}; the room's learner side listens for it. */
export const CHECK_RESULT_EVENT = 'boundary-lab:check-result';
export interface CheckResultDetail {
  step: string;
  result: 'pass' | 'fail';
}

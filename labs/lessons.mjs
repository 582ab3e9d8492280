// The workshop's lessons in order. The sidebar and the tests read this list, so the order lives in one place.
/** @type {{ slug: string, title: string, group: 'Start' | 'Build' | 'Break it' | 'Finish' | 'Instructors' }[]} */
export const lessons = [
  { slug: 'welcome', title: 'Welcome', group: 'Start' },
  { slug: 'concepts', title: 'Concepts: builders, applications and boundaries', group: 'Start' },
  { slug: 'create-builder-iam', title: 'Create the builder IAM resources', group: 'Build' },
  { slug: 'assume-builder', title: 'Assume the builder role', group: 'Build' },
  { slug: 'launch-without-boundary', title: 'Launch the application without a boundary', group: 'Build' },
  { slug: 'launch-with-boundary', title: 'Launch it with a path and a boundary', group: 'Build' },
  { slug: 'verify-application', title: 'Verify the application', group: 'Build' },
  { slug: 'escalation-builder-policy', title: 'Escalation 1: change the builder policy', group: 'Break it' },
  { slug: 'escalation-attach-policy', title: 'Escalation 2: attach a policy to the builder role', group: 'Break it' },
  { slug: 'escalation-beyond-boundary', title: 'Escalation 3: go beyond the boundary', group: 'Break it' },
  { slug: 'clean-up', title: 'Clean up', group: 'Finish' },
  { slug: 'going-further', title: 'Going further', group: 'Finish' },
  { slug: 'update-stack-with-existing-role', title: 'Going further: a stack’s service role', group: 'Finish' },
  { slug: 'resource-policies', title: 'Going further: what a boundary does not limit', group: 'Finish' },
  { slug: 'test-your-builder-model', title: 'Test your own builder model', group: 'Finish' },
  { slug: 'facilitator-guide', title: 'Facilitator guide', group: 'Instructors' },
  { slug: 'org-kit', title: "Make your organization's kit", group: 'Instructors' },
];

const groups = ['Start', 'Build', 'Break it', 'Finish', 'Instructors'];

export const lessonSidebar = groups.map((label) => ({
  label,
  items: lessons.filter((l) => l.group === label).map((l) => ({ label: l.title, slug: l.slug })),
}));

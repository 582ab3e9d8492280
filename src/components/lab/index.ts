// The lesson components, for MDX: `import { LabStep, CleanupPanel } from '../../components/lab';`
export { default as LabStep } from './LabStep.astro';
export { default as CleanupPanel } from './CleanupPanel.astro';
export { default as ExplainDialog } from './ExplainDialog.astro';

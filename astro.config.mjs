// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { readFileSync } from 'node:fs';
import { lessonSidebar } from './labs/lessons.mjs';
import offline from './src/integrations/offline/index.ts';
import modulePreload from './src/integrations/modulepreload/index.ts';
import { parseOrgConfig } from './src/lib/kit/config';
import { viteOrg } from './labs/vite-org';

// BOUNDARY_LAB_ORG=FILE builds the workshop in an organization's names (labs/org.ts); a configuration that cannot
// work stops the build with the field and the rule.
const orgFile = process.env.BOUNDARY_LAB_ORG;
const org = orgFile ? parseOrgConfig(readFileSync(orgFile, 'utf8'), orgFile) : undefined;

// The site must work from any static host under any base path: set BASE_PATH (e.g. "/boundary-lab")
// and SITE (e.g. "https://you.github.io") at build time. Links are generated with the base.
const base = process.env.BASE_PATH || '/';

export default defineConfig({
  site: process.env.SITE || undefined,
  // Module workers built as ES modules keep their dynamic imports as chunks (the aws command's SDK clients, the
  // Lambda runtime's modules), so the sandbox worker loads only what its first prompt needs.
  vite: { worker: { format: 'es' }, define: org ? { __BOUNDARY_LAB_ORG__: JSON.stringify(org) } : {}, plugins: [viteOrg(org)] },
  outDir: process.env.BOUNDARY_LAB_OUT_DIR || './dist',
  base,
  trailingSlash: 'ignore',
  integrations: [
    starlight({
      title: 'Boundary Lab',
      description:
        'Learn IAM permissions boundaries hands-on: let builders create IAM roles safely, in an in-browser AWS sandbox or your own account.',
      sidebar: lessonSidebar,
      lastUpdated: false,
      pagination: true,
      customCss: ['./src/styles/lab.css'],
      // Lesson UI (src/components/overrides): Run buttons and the "Why denied?" dialog in the content, progress in
      // the sidebar, and an accessible name fix for the search button.
      components: {
        MarkdownContent: './src/components/overrides/MarkdownContent.astro',
        Sidebar: './src/components/overrides/Sidebar.astro',
        Search: './src/components/overrides/Search.astro',
        // The sandbox terminal, docked at the bottom of every page (src/components/terminal).
        Footer: './src/components/terminal/TerminalFooter.astro',
        // A workshop room's badge and the instructor's messages (src/components/room), above every page.
        Banner: './src/components/room/RoomBadge.astro',
      },
    }),
    // A preload hint in each page for every chunk its scripts import, so they load together (issue 17).
    modulePreload(),
    // Offline after the first visit: a service worker precaches the build (src/integrations/offline). Last, so it
    // lists what the other integrations wrote.
    offline(),
  ],
});

/** The catalogue, in the order the report lists it. Ids are stable: CI configurations and --only name them. */
import { roleTechniques } from './roles';
import { serviceTechniques } from './services';
import { staticTechniques } from './static';
import { userTechniques } from './users';
import type { Technique } from './common';

export const techniques: Technique[] = [...roleTechniques, ...serviceTechniques, ...userTechniques, ...staticTechniques];
export type { Technique };

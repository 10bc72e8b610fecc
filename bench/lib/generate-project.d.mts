/** Types of generate-project.mjs, for tests that generate a project. */

/** Writes `count` automation files (plus aexy.yaml, agents and policies) into `dir`; returns the number of files. */
export function generateProject(dir: string, count: number): number;

/** The CLI as a process (what bin/aexy runs), bundled from the sources by spawnSourceCli. */
import { runCli } from '../../../src/cli.js';

process.exitCode = await runCli(process.argv.slice(2));

/** Entry of the spawned `aexy serve` test process: runs the CLI with the process's arguments. */
import { runCli } from '../../src/cli.js';

process.exitCode = await runCli(process.argv.slice(2));

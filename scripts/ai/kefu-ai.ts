/** Runs `kefu ai …` before the CLI wiring exists: node --import tsx scripts/ai/kefu-ai.ts eval intent … */
import { runAiCommand } from '../../server/cli/ai.ts';

process.exitCode = await runAiCommand(process.argv.slice(2));

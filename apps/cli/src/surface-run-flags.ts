import type { Command } from 'commander';
import { SCHEDULE_FLAG_HELP } from './schedules.js';

/** The flags `path` and `race` share: where to start, how far to go, and what to write. */
export function addSurfaceRunFlags(command: Command, defaultSteps: string, jsonDescription: string): void {
  command
    .option('--start <x[,y]>', 'the start point (default: the surface’s own)')
    .option('--steps <n>', 'number of steps', defaultSteps)
    .option('--json', jsonDescription)
    .option('--plot <file>', 'write the figure to FILE.svg or FILE.png')
    .option('--schedule <spec>', SCHEDULE_FLAG_HELP);
}

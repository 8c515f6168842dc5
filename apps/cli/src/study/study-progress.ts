// The live line of a running study: finished runs per arm, every run in flight with its step, and an ETA from the
// steps trained so far. It starts with the first run, not after the first one ends (a run can take minutes).
import type { Io } from '../io.js';
import { isDiverged, type RunProgress, type StudyRun } from './study-types.js';

const clock = (seconds: number) => (seconds >= 90 ? `${(seconds / 60).toFixed(1)} min` : `${String(Math.round(seconds))}s`);

export class StudyProgress {
  /** Steps of one run, learnt from the first report (every run of a study has the same length). */
  private stepsPerRun = 0;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private inFlight: readonly RunProgress[] = [];
  private readonly begun = performance.now();

  /**
   * @param resumed runs already finished before this session (they do not count towards the speed)
   * @param plainEverySeconds without a terminal, at most one progress line this often (finished runs always get one)
   */
  constructor(
    private readonly io: Io,
    private readonly tty: boolean,
    private readonly arms: readonly string[],
    private readonly runsPerArm: number,
    private readonly resumed: number,
    private readonly plainEverySeconds = 15,
  ) {}

  /** A report from a run in flight: redrawn at most 4 times a second on a terminal. */
  progress(inFlight: readonly RunProgress[], finished: readonly StudyRun[]): void {
    this.inFlight = inFlight;
    for (const p of inFlight) this.stepsPerRun = Math.max(this.stepsPerRun, p.steps);
    const now = performance.now();
    if (now - this.lastWrite < (this.tty ? 250 : this.plainEverySeconds * 1000)) return;
    this.write(this.line(finished), now);
  }

  /** A run finished: always shown, with its result. */
  finished(run: StudyRun, finished: readonly StudyRun[]): void {
    this.inFlight = this.inFlight.filter((p) => p.arm !== run.arm || p.run !== run.run);
    const result = isDiverged(run) ? `diverged at step ${String(run.diverged.step)}` : `MCC ${run.mcc.toFixed(4)}`;
    this.write(`${this.line(finished)}  (last: ${run.arm} run ${String(run.run)} ${result})`, performance.now());
  }

  /** Ends the redrawn line. */
  end(): void {
    if (this.tty && this.lastWrite > Number.NEGATIVE_INFINITY) this.io.stderr('\n');
  }

  private write(line: string, now: number): void {
    this.lastWrite = now;
    this.io.stderr(this.tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  private line(finished: readonly StudyRun[]): string {
    const perArm = this.arms.map((a) => `${a} ${String(finished.filter((r) => r.arm === a).length)}/${String(this.runsPerArm)}`).join('  ');
    const running = this.inFlight.map((p) => `${p.arm} run ${String(p.run)} ${String(p.step)}/${String(p.steps)}`).join(', ');
    const total = this.arms.length * this.runsPerArm;
    const inFlightSteps = this.inFlight.reduce((s, p) => s + p.step, 0);
    const done = (finished.length - this.resumed) * this.stepsPerRun + inFlightSteps;
    const left = (total - finished.length - this.inFlight.length) * this.stepsPerRun + this.inFlight.reduce((s, p) => s + p.steps - p.step, 0);
    const seconds = (performance.now() - this.begun) / 1000;
    const eta = done === 0 ? 'ETA …' : `ETA ${clock((left * seconds) / done)}`;
    return `  ${perArm}${running === '' ? '' : `  running: ${running}`}  ${eta}`;
  }
}

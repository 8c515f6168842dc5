// A benchmark's worker thread: runs each spec it is sent (@descent/benchmark's executeBenchmarkRun) with the
// command's optimizer resolver, so installed packages and files take part like built-in optimizers.
import { workerData } from 'node:worker_threads';
import { serveBenchmarkRuns } from '@descent/benchmark';
import { resolveOptimizer } from '../optimizer-resolver.js';

const { cwd, dataDir, threads } = workerData as { cwd: string; dataDir?: string; threads?: number };
serveBenchmarkRuns({ resolveOptimizer: (spec) => resolveOptimizer(spec, cwd), threads: threads ?? 1, ...(dataDir === undefined ? {} : { dataDir }) });

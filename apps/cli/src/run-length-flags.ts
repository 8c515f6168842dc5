import type { Command } from 'commander';

/** The flags `train` and `study` share: the model, and how long each run trains on what (read by models.ts's runLength). */
export function addRunLengthFlags(command: Command): void {
  command
    .option('--model <name>', 'book-mlp, small-cnn, or a .json file listing the layers', 'book-mlp')
    .option('--minibatches <n>', 'training steps, each on batch-size random samples (book-mlp default 40000)')
    .option('--epochs <n>', 'passes over a fresh shuffle of the data, instead of --minibatches (small-cnn default 12)')
    .option('--batch-size <n>', 'samples per step (book-mlp 64, small-cnn 128)')
    .option('--samples <n>', 'train on this many random training images (small-cnn default 16384)');
}

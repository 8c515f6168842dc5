// The "Examples:" block of each command's help, keyed by the command's path (`''` is `descent` itself). Each line is
// a whole command; command-line.test.ts checks that every command has examples and that each flag is the command's.
export const COMMAND_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  '': ['descent reproduce --list', 'descent path --surface bowl --optimizer adam --lr 0.1 --plot bowl.svg', 'descent train --optimizer momentum', 'descent help train'],
  optimizers: ['descent optimizers', 'descent optimizers --json'],
  surfaces: ['descent surfaces', 'descent surfaces --json'],
  path: [
    'descent path --surface parabola --lr 0.03 --start -0.9 --steps 15',
    'descent path --surface two-gaussians --optimizer nesterov --lr 0.1 --momentum 0.9 --start 0.7,-0.2 --steps 25 --plot nesterov.png',
    'descent path --surface rosenbrock --optimizer adam --lr 0.05 --steps 500 --json',
  ],
  race: [
    'descent race --surface rosenbrock --optimizers sgd:lr=0.001,momentum:lr=0.001,adam:lr=0.05 --steps 2000 --plot race.svg',
    'descent race --surface himmelblau --optimizers sgd,adam --lr 0.01 --start 0,0 --json',
  ],
  schedule: [
    'descent schedule --schedule \'{"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 100}\' --lr 0.1 --steps 100 --plot one-cycle.svg',
    'descent schedule --schedule \'{"name": "CosineAnnealingLR", "T_max": 10}\' --lr 0.1 --steps 30 --json',
    'descent schedule --schedule plateau.json --lr 0.1 --steps 50 --metrics losses.txt',
  ],
  reproduce: [
    'descent reproduce --list',
    'descent reproduce table-11-2',
    'descent reproduce fig-11-8 --runs 10 --workers 2 --out figures',
    'descent reproduce fig-11-11 --quick --optimizers sgd,adam:lr=0.002',
    'descent reproduce fig-11-11 --tuned --quick --workers 2',
    'descent reproduce all',
  ],
  train: [
    'descent train --optimizer momentum',
    'descent train --dataset fashion-mnist-sample --optimizer adam --lr 0.01 --epochs 3 --batch-size 128',
    'descent train --model small-cnn --optimizer adam --seed 7 --save cnn.json',
  ],
  study: [
    'descent study --arm "momentum: momentum --lr 0.2 --momentum 0.9" --arm "sgd: sgd --lr 1.0" --runs 10 --out my-study',
    'descent study --arm "adam: adam --lr 0.01" --arm "rmsprop: rmsprop" --model small-cnn --epochs 2 --runs 3 --resume',
    'descent study --arm "momentum: momentum --lr 0.2 --momentum 0.9" --arm "sgd: sgd --lr 1.0" --runs 44 --redis redis://queue.lan:6379 --out my-study',
  ],
  worker: ['descent worker --redis redis://queue.lan:6379', 'descent worker --redis rediss://:PASSWORD@queue.example.org:6380 --concurrency 4 --plugins @acme/optimizer-foo'],
  queue: ['descent queue status --redis redis://queue.lan:6379'],
  'queue status': ['descent queue status --redis redis://queue.lan:6379', 'descent queue status --redis redis://queue.lan:6379 --json'],
  'queue clean': ['descent queue clean --redis redis://queue.lan:6379 --study s0123456789abcdef', 'descent queue clean --redis redis://queue.lan:6379 --all'],
  benchmark: [
    'descent benchmark --workloads noisy-quadratic --optimizers sgd,momentum,adam,adamw --out bench',
    'descent benchmark --workloads noisy-quadratic,rosenbrock --optimizers sgd,adam --trials 8 --seeds 3 --pruner asha --out bench --json',
    'descent benchmark --workloads mlp-fmnist14 --optimizers momentum,adam --workers 2 --out bench-mlp --resume',
    'descent benchmark calibrate --workloads noisy-quadratic,rosenbrock --out calibration',
    'descent benchmark --workloads mlp-fmnist14 --optimizers sgd,momentum,adam --redis redis://queue.lan:6379 --out bench-mlp',
  ],
  stats: ['descent stats compare my-study/momentum.npy my-study/sgd.npy', 'descent stats normaltest my-study/momentum.npy'],
  'stats compare': [
    'descent stats compare my-study/momentum.npy my-study/sgd.npy --labels momentum,sgd',
    'descent stats compare a.txt b.txt --alternative greater --plot compare.svg',
  ],
  'stats mcc': ['descent stats mcc labels.txt predictions.txt', 'descent stats mcc labels.npy predictions.npy --json'],
  'stats histogram': ['descent stats histogram my-study/momentum.npy --bins 5'],
  'stats normaltest': ['descent stats normaltest my-study/momentum.npy --json'],
  data: ['descent data info', 'descent data export fashion-mnist --out test14.npy'],
  'data info': ['descent data info', 'descent data info --data-dir ~/datasets/fashion-mnist --json'],
  'data export': [
    'descent data export fashion-mnist --split test --size 14 --out test14.npy',
    'descent data export mnist --split train --size 28 --data-dir ~/mnist --out mnist-train.npy',
  ],
};

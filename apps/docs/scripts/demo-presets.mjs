// Settings with which an optimizer page's live demo shows the optimizer at work on the demo's default surface (two
// Gaussians, from its default start, 40 steps). Most optimizers move well at their defaults; those tuned for networks
// (optax's defaults: Lion's and LAMB's lr 1e-3, Schedule-Free's warmup) barely leave the start in 40 steps, so their
// demo opens with a larger learning rate or more steps. The reader can change both; test/demo-presets.test.ts runs
// every demo's opening settings and checks that the point moves.
/** @type {Record<string, { lr?: number; steps?: number }>} */
export const demoPresets = {
  lion: { lr: 0.1 },
  adabelief: { lr: 0.1 },
  yogi: { lr: 0.1 },
  adopt: { lr: 0.1 },
  lamb: { lr: 0.1 },
  lars: { lr: 2, steps: 120 },
  'schedule-free-adamw': { lr: 0.2 },
  'schedule-free-sgd': { lr: 0.2 },
};

/** The attributes of `<Descent2D>` that open an optimizer's demo with its preset (none for most optimizers). */
export function demoAttributes(id) {
  const preset = demoPresets[id] ?? {};
  return `${preset.lr === undefined ? '' : ` :lr="${preset.lr}"`}${preset.steps === undefined ? '' : ` :steps="${preset.steps}"`}`;
}

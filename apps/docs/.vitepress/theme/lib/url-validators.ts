import { plugins } from './optimizers';

// Checks for what a link may set in a demo (useUrlState's validators): a hand-edited URL must not reach pluginById
// with an id that is not a demo optimizer (it throws inside a computed and the demo goes blank).

/** An id the demos run (`plugins`), so `pluginById` will not throw for it. */
export function isDemoOptimizer(id: string): boolean {
  return plugins.some((p) => p.id === id);
}

/** The race's entries: every key a demo optimizer, every entry on/off with a positive finite learning rate. */
export function areRacers(racers: Record<string, unknown>): boolean {
  return Object.entries(racers).every(([id, entry]) => {
    if (!isDemoOptimizer(id) || typeof entry !== 'object' || entry === null) return false;
    const { on, lr } = entry as { on?: unknown; lr?: unknown };
    return typeof on === 'boolean' && typeof lr === 'number' && Number.isFinite(lr) && lr > 0;
  });
}

/** The equal-budget race's entries: every key a demo optimizer, every entry on or off. */
export function areRacerFlags(racers: Record<string, unknown>): boolean {
  return Object.entries(racers).every(([id, on]) => isDemoOptimizer(id) && typeof on === 'boolean');
}

export { AdaBelief, type AdaBeliefState } from './adabelief.js';
export { adabeliefOptionSpecs, type AdaBeliefOptions } from './adabelief-options.js';
export { adabeliefPlugin } from './adabelief-plugin.js';

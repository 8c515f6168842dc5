import { describeDescriptorReadme } from '@descent/optim/testing';
import { scheduleFreeAdamWPlugin } from './schedule-free-adamw-plugin.js';

describeDescriptorReadme(scheduleFreeAdamWPlugin, new URL('..', import.meta.url));

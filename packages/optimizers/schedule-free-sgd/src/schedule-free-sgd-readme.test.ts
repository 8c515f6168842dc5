import { describeDescriptorReadme } from '@descent/optim/testing';
import { scheduleFreeSgdPlugin } from './schedule-free-sgd-plugin.js';

describeDescriptorReadme(scheduleFreeSgdPlugin, new URL('..', import.meta.url));

import { describeDescriptorReadme } from '@descent/optim/testing';
import { prodigyPlugin } from './prodigy-plugin.js';

describeDescriptorReadme(prodigyPlugin, new URL('..', import.meta.url));

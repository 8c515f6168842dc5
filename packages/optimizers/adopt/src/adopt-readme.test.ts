import { describeDescriptorReadme } from '@descent/optim/testing';
import { adoptPlugin } from './adopt-plugin.js';

describeDescriptorReadme(adoptPlugin, new URL('..', import.meta.url));

import { describeDescriptorReadme } from '@descent/optim/testing';
import { yogiPlugin } from './yogi-plugin.js';

describeDescriptorReadme(yogiPlugin, new URL('..', import.meta.url));

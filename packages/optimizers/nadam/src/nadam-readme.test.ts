import { describeDescriptorReadme } from '@descent/optim/testing';
import { nadamPlugin } from './nadam-plugin.js';

describeDescriptorReadme(nadamPlugin, new URL('..', import.meta.url));

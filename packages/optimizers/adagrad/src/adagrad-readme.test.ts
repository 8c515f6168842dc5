import { describeDescriptorReadme } from '@descent/optim/testing';
import { adagradPlugin } from './adagrad-plugin.js';

describeDescriptorReadme(adagradPlugin, new URL('..', import.meta.url));

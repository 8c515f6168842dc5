import { describeDescriptorReadme } from '@descent/optim/testing';
import { adabeliefPlugin } from './adabelief-plugin.js';

describeDescriptorReadme(adabeliefPlugin, new URL('..', import.meta.url));

import { existsSync, readFileSync } from 'node:fs';
import { defineConfig, type DefaultTheme } from 'vitepress';

// Written by scripts/generate-pages.mjs before every dev or build run.
const read = <T>(file: string, fallback: T): T => (existsSync(new URL(file, import.meta.url)) ? (JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T) : fallback);
const optimizers = read<{ id: string; name: string }[]>('./optimizers.json', []);
const api = read<DefaultTheme.SidebarItem[]>('../api/typedoc-sidebar.json', []);

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Guide: the chapter',
    items: [
      { text: '1D descent and the step size', link: '/guide/1d-descent' },
      { text: '2D descent and the shape of f', link: '/guide/2d-descent' },
      { text: 'Several minima', link: '/guide/several-minima' },
      { text: 'Minibatches and SGD', link: '/guide/minibatches' },
      { text: 'Momentum and Nesterov', link: '/guide/momentum' },
      { text: 'RMSprop, Adagrad, Adadelta, Adam', link: '/guide/adaptive' },
      { text: 'Learning-rate schedules', link: '/guide/schedules' },
      { text: 'Training a network', link: '/guide/training' },
      { text: 'Comparing optimizers honestly', link: '/guide/comparing' },
    ],
  },
];

export default defineConfig({
  title: 'descent',
  description: 'Gradient descent in TypeScript, from the chapter of Math for Deep Learning: optimizers, demos, experiments',
  lang: 'en',
  markdown: { math: true },
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  themeConfig: {
    nav: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Guide', link: '/guide/1d-descent' },
      { text: 'Optimizers', link: '/optimizers/' },
      { text: 'CLI', link: '/cli' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/guide/': guide,
      '/getting-started': guide,
      '/optimizers/': [{ text: 'Optimizers', items: [{ text: 'Overview', link: '/optimizers/' }, ...optimizers.map((o) => ({ text: o.name, link: `/optimizers/${o.id}` }))] }],
      '/api/': [{ text: 'API reference', items: api }],
    },
    search: { provider: 'local' },
    outline: [2, 3],
  },
  vite: {
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 6000 },
  },
});

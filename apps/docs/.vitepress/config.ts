import { existsSync, readFileSync } from 'node:fs';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { guidePages } from './guide-pages';

// Written by scripts/generate-pages.mjs before every dev or build run.
const read = <T>(file: string, fallback: T): T => (existsSync(new URL(file, import.meta.url)) ? (JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T) : fallback);
const optimizers = read<{ id: string; name: string }[]>('./optimizers.json', []);
const api = read<DefaultTheme.SidebarItem[]>('../api/typedoc-sidebar.json', []);

// The site in two languages: English at the root, Simplified Chinese under /zh/ (the chapter's own language: its
// Chinese edition is what the terms of the zh pages follow). The API reference is TypeDoc's, in English only.
type Lang = 'en' | 'zh';
const prefix = (lang: Lang) => (lang === 'en' ? '' : '/zh');
// A guide page another engineer adds appears in the sidebar once it exists (recipes, benchmark, many machines).
const present = (link: string) => existsSync(new URL(`..${link}.md`, import.meta.url));

function guide(lang: Lang): DefaultTheme.SidebarItem[] {
  return [
    {
      text: lang === 'en' ? 'Guide: the chapter' : '指南：本章内容',
      items: guidePages.filter((p) => present(`${prefix(lang)}/guide/${p.id}`)).map((p) => ({ text: p[lang], link: `${prefix(lang)}/guide/${p.id}` })),
    },
  ];
}

function sidebar(lang: Lang): DefaultTheme.Sidebar {
  const p = prefix(lang);
  return {
    [`${p}/guide/`]: guide(lang),
    [`${p}/getting-started`]: guide(lang),
    [`${p}/optimizers/`]: [
      { text: lang === 'en' ? 'Optimizers' : '优化器', items: [{ text: lang === 'en' ? 'Overview' : '总览', link: `${p}/optimizers/` }, ...optimizers.map((o) => ({ text: o.name, link: `${p}/optimizers/${o.id}` }))] },
    ],
    ...(lang === 'en' ? { '/api/': [{ text: 'API reference', items: api }] } : {}),
  };
}

function nav(lang: Lang): DefaultTheme.NavItem[] {
  const p = prefix(lang);
  const en = lang === 'en';
  return [
    { text: en ? 'Getting started' : '快速开始', link: `${p}/getting-started` },
    { text: en ? 'Guide' : '指南', link: `${p}/guide/1d-descent` },
    { text: en ? 'Optimizers' : '优化器', link: `${p}/optimizers/` },
    { text: en ? 'CLI' : '命令行', link: `${p}/cli` },
    { text: en ? 'API' : 'API（英文）', link: '/api/' },
  ];
}

/** The headers that make a page cross-origin isolated (`crossOriginIsolated`), which shared memory needs. */
const CROSS_ORIGIN_ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  title: 'descent',
  description: 'Gradient descent in TypeScript, from the chapter of Math for Deep Learning: optimizers, demos, experiments',
  lang: 'en',
  markdown: { math: true },
  lastUpdated: false,
  // public/ is copied to the site as it is: a report.md there (the benchmark example's) is a file to download, not a page.
  srcExclude: ['public/**'],
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  locales: {
    root: { label: 'English', lang: 'en', themeConfig: { nav: nav('en'), sidebar: sidebar('en') } },
    zh: {
      label: '简体中文',
      lang: 'zh-CN',
      link: '/zh/',
      description: '用 TypeScript 实现的梯度下降，源自《深度学习的数学》中梯度下降一章：优化器、演示与实验',
      themeConfig: {
        nav: nav('zh'),
        sidebar: sidebar('zh'),
        outline: { level: [2, 3], label: '本页目录' },
        docFooter: { prev: '上一页', next: '下一页' },
        darkModeSwitchLabel: '外观',
        sidebarMenuLabel: '菜单',
        returnToTopLabel: '回到顶部',
        langMenuLabel: '切换语言',
      },
    },
  },
  themeConfig: {
    search: {
      provider: 'local',
      options: {
        locales: {
          zh: { translations: { button: { buttonText: '搜索', buttonAriaLabel: '搜索' }, modal: { noResultsText: '没有结果', resetButtonTitle: '清除', footer: { selectText: '选择', navigateText: '切换', closeText: '关闭' } } } },
        },
      },
    },
    outline: [2, 3],
  },
  vite: {
    // Cross-origin isolation, so that the training demo's worker can share memory with threads of its own
    // (SharedArrayBuffer); a host serving the built site must send the same two headers (guide/training.md).
    server: { headers: CROSS_ORIGIN_ISOLATION },
    preview: { headers: CROSS_ORIGIN_ISOLATION },
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 6000 },
  },
});

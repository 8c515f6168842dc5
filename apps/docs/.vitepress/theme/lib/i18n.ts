import { computed } from 'vue';
import { useData } from 'vitepress';
import { LABELS, localeOf, type LabelKey } from './labels';

/** The demos' words for the page's language: `t('steps')`. */
export function useLabels() {
  const { lang } = useData();
  const words = computed(() => LABELS[localeOf(lang.value)]);
  return (key: LabelKey): string => words.value[key];
}

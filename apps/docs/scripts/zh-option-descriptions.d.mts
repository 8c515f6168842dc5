export const zhOptionDescriptions: Readonly<Record<string, string>>;

export const zhSummaries: Readonly<Record<string, string>>;

export function withoutAnsi(text: string): string;

export declare const demoPresets: Record<string, { lr?: number; steps?: number }>;
export declare function demoAttributes(id: string): string;

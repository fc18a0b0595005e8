// Types for scripts/check-imports.mjs, so the guard-rail test can call it in-process.
export declare const packageAllowlist: Record<string, readonly string[] | '*'>;
export declare function packageOf(spec: string): string;
export declare function blank(text: string): { code: string; bare: string };
export declare function checkTree(root: string, display?: (file: string) => string): string[];

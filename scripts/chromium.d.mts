export declare const CHROMIUM_PACKAGE: string;
export declare const CHROMIUM_CANDIDATES: readonly string[];
export declare function chromiumPath(env?: NodeJS.ProcessEnv): string;
export declare const CHROMIUM_ARGS: readonly string[];
export declare function chromiumMissing(path: string): string;

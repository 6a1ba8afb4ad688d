// Types for compiled.mjs (plain JavaScript, because cucumber.mjs imports it before anything can
// load TypeScript).
export declare const COMPILED_DIR: string;
export declare function compiledPath(source: string, outDir?: string): string;
export declare function compileSources(options?: { root?: string; outDir?: string }): string;
export declare function forCucumber(path: string): string;

export declare const COMMON_INGREDIENTS: readonly string[];

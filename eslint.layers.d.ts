// Types of eslint.layers.js for the boundary test (src-main/layer-boundaries.test.ts).
import type { Linter } from 'eslint';

/** Each folder of src-main/station (or top-level file) → what it may import; '*': anything. */
export const stationLayers: Readonly<Record<string, readonly string[] | '*'>>;
export const layerRules: Linter.Config[];

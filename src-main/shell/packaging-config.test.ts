// electron-builder cannot run here (no Electron binary), so this checks electron-builder.yml for
// what packaging needs: electron-builder's own schema accepts it, Linux AppImage + deb and Windows
// NSIS targets, native modules rebuilt for Electron and unpacked from the asar, the model shipped,
// fuses set, and the entry and files it names exist after `npm run build`.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Resolved the way electron-builder resolves them, so the test reads the file exactly as it would.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema (and the check does catch a bad key)", async () => {
    const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = createRequire(fromBuilder.resolve('app-builder-lib'))('builder-util/out/DebugLogger.js');
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), notAnOption: 1 }, new DebugLogger(false))).rejects.toThrow(
      /notAnOption/,
    );
  });

  it('targets AppImage and deb on Linux, NSIS on Windows, with PNG icons', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toEqual(expect.arrayContaining(['nsis']));
    for (const os of ['linux', 'win']) expect(existsSync(path.join(repo, config[os].icon))).toBe(true);
  });

  it('rebuilds native modules for Electron and keeps them (and their shared libraries) out of the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).not.toBe(false); // better-sqlite3 is compiled against Electron's ABI
    for (const mod of ['better-sqlite3', 'sharp', '@img', 'onnxruntime-node']) {
      expect(config.asarUnpack, mod).toContain(`node_modules/${mod}/**`);
      if (mod !== '@img') expect(pkg.dependencies, mod).toHaveProperty(mod);
    }
  });

  it('ships the verified model beside the app', () => {
    const model = config.extraResources.find((r: { from: string }) => r.from === 'models/returns10');
    expect(model.filter).toEqual(expect.arrayContaining(['model.onnx', 'model.json']));
    for (const f of ['model.onnx', 'model.json']) expect(existsSync(path.join(repo, 'models/returns10', f))).toBe(true);
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packs the build output the app starts from', () => {
    expect(config.files).toContain('dist/**');
    expect(pkg.main).toBe('dist/main.mjs');
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
    // Built by `npm test` before Vitest runs (scripts/build.mjs).
    for (const f of [
      'main.mjs',
      'preload.cjs',
      'classifier-worker.mjs',
      'batch-worker.mjs',
      'desk-fit-worker.mjs',
      'renderer/index.html',
      'tray-idle.png',
    ]) {
      expect(existsSync(path.join(repo, 'dist', f)), f).toBe(true);
    }
  });
});

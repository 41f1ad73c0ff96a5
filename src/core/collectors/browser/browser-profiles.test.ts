import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverProfiles } from './browser-profiles';

describe('Browser profile discovery', () => {
  let home: string;
  const touch = (...parts: string[]) => {
    const file = path.join(home, ...parts);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
  };

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-profiles-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('finds Default and Profile N folders with a History file in every Chromium-family browser on Linux', () => {
    touch('.config', 'google-chrome', 'Default', 'History');
    touch('.config', 'google-chrome', 'Profile 2', 'History');
    touch('.config', 'google-chrome', 'Guest Profile', 'History');
    touch('.config', 'google-chrome', 'Profile 3', 'Preferences');
    touch('.config', 'chromium', 'Default', 'History');
    touch('.config', 'microsoft-edge', 'Default', 'History');
    touch('.config', 'BraveSoftware', 'Brave-Browser', 'Default', 'History');
    const { profiles } = discoverProfiles({ homeDir: home, platform: 'linux', env: {} });
    assert.deepEqual(profiles.map((profile) => profile.label).sort(), ['Brave Default', 'Chrome Default', 'Chrome Profile 2', 'Chromium Default', 'Edge Default']);
    const chrome = profiles.find((profile) => profile.label === 'Chrome Default')!;
    assert.equal(chrome.historyFile, path.join(home, '.config', 'google-chrome', 'Default', 'History'));
    assert.match(chrome.key, /^[0-9a-f]{12}$/);
  });

  it('finds Firefox profiles from profiles.ini, also outside the Firefox folder, and by looking', () => {
    const elsewhere = path.join(home, 'elsewhere', 'work-profile');
    touch('.mozilla', 'firefox', 'profiles.ini');
    fs.writeFileSync(path.join(home, '.mozilla', 'firefox', 'profiles.ini'), `[Profile0]\nName=work\nIsRelative=0\nPath=${elsewhere}\n\n[Profile1]\nIsRelative=1\nPath=abc.default\n`);
    touch('elsewhere', 'work-profile', 'places.sqlite');
    touch('.mozilla', 'firefox', 'abc.default', 'places.sqlite');
    touch('.mozilla', 'firefox', 'xyz.unlisted', 'places.sqlite');
    const { profiles } = discoverProfiles({ homeDir: home, platform: 'linux', env: {} });
    assert.deepEqual(profiles.map((profile) => profile.label).sort(), ['Firefox abc.default', 'Firefox work-profile', 'Firefox xyz.unlisted']);
    assert.ok(profiles.every((profile) => profile.format === 'firefox' && profile.historyFile.endsWith('places.sqlite')));
  });

  it('knows the macOS and Windows locations', () => {
    touch('Library', 'Application Support', 'Google', 'Chrome', 'Default', 'History');
    touch('Library', 'Application Support', 'Firefox', 'Profiles', 'q1.default', 'places.sqlite');
    assert.deepEqual(discoverProfiles({ homeDir: home, platform: 'darwin', env: {} }).profiles.map((p) => p.label).sort(), ['Chrome Default', 'Firefox q1.default']);
    touch('Local', 'Microsoft', 'Edge', 'User Data', 'Default', 'History');
    touch('Roaming', 'Mozilla', 'Firefox', 'Profiles', 'w1.default', 'places.sqlite');
    const windows = discoverProfiles({ homeDir: home, platform: 'win32', env: { LOCALAPPDATA: path.join(home, 'Local'), APPDATA: path.join(home, 'Roaming') } });
    assert.deepEqual(windows.profiles.map((p) => p.label).sort(), ['Edge Default', 'Firefox w1.default']);
  });

  it('takes extra profile folders, recognising the browser by its file, and says when one holds no history', () => {
    touch('custom', 'History');
    touch('ff', 'places.sqlite');
    const { profiles, problems } = discoverProfiles({
      standardLocations: false,
      extraProfiles: [path.join(home, 'custom'), { folder: path.join(home, 'ff'), name: 'Work' }, path.join(home, 'missing')],
    });
    assert.deepEqual(profiles.map((profile) => [profile.label, profile.format]), [['Chromium custom', 'chromium'], ['Firefox Work', 'firefox']]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /missing has no History \(Chromium\) or places\.sqlite \(Firefox\) file/);
  });
});

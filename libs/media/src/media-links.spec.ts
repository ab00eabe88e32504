import { Problem } from '@countyflow/kernel';
import { MediaLinks } from './media-links';

const codeOf = (work: () => void): string | null => {
  try {
    work();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(Problem);
    expect((error as Problem).getStatus()).toBe(403);
    return (error as Problem).code;
  }
};

describe(MediaLinks.name, () => {
  let now = Date.parse('2026-12-06T08:00:00Z');
  const sut = new MediaLinks('a-test-secret-of-enough-length', 300, () => now);
  const path = 'private/6f1c1b5e-3b0a-4a43-9a51-0c9e9b1f2a10/large.webp';
  const params = (query: string) => new URLSearchParams(query);

  it('accepts its own link until it expires, then refuses it as expired', () => {
    const link = params(sut.sign(path));
    expect(codeOf(() => sut.verify(path, link.get('expires')!, link.get('sig')!))).toBeNull();
    now += 299_000;
    expect(codeOf(() => sut.verify(path, link.get('expires')!, link.get('sig')!))).toBeNull();
    now += 1_000;
    expect(codeOf(() => sut.verify(path, link.get('expires')!, link.get('sig')!))).toBe('media-link-expired');
  });

  it('refuses a link that was changed: another photo, a later expiry, a forged or missing signature', () => {
    const link = params(sut.sign(path));
    const expires = link.get('expires')!;
    const sig = link.get('sig')!;
    const other = path.replace('6f1c', '7f1c');
    expect(codeOf(() => sut.verify(other, expires, sig))).toBe('media-link-invalid');
    expect(codeOf(() => sut.verify(path, String(Number(expires) + 3600), sig))).toBe('media-link-invalid');
    const forger = new MediaLinks('guessed-secret-of-an-attacker', 300, () => now);
    const forged = params(forger.sign(path));
    expect(codeOf(() => sut.verify(path, forged.get('expires')!, forged.get('sig')!))).toBe('media-link-invalid');
    expect(codeOf(() => sut.verify(path, expires, undefined))).toBe('media-link-invalid');
    expect(codeOf(() => sut.verify(path, 'soon', sig))).toBe('media-link-invalid');
  });
});

import { ReplicaRing } from './replica-ring';

describe(ReplicaRing.name, () => {
  const urls = ['http://a:1', 'http://b:1', 'http://c:1'];

  it('takes the replicas in turn', () => {
    const sut = new ReplicaRing(urls);
    expect(Array.from({ length: 7 }, () => sut.next())).toEqual([...urls, ...urls, urls[0]]);
  });

  it('passes over an unreachable replica until its pause is over, then takes it again', () => {
    let now = 1000;
    const sut = new ReplicaRing(urls, 2000, () => now);
    sut.unreachable('http://b:1');
    expect(Array.from({ length: 4 }, () => sut.next())).toEqual([
      'http://a:1',
      'http://c:1',
      'http://a:1',
      'http://c:1',
    ]);
    now = 3000;
    expect(Array.from({ length: 3 }, () => sut.next())).toEqual(['http://a:1', 'http://b:1', 'http://c:1']);
  });

  it('still answers when every replica is paused', () => {
    const sut = new ReplicaRing(urls.slice(0, 2), 2000, () => 0);
    sut.unreachable('http://a:1');
    sut.unreachable('http://b:1');
    expect([sut.next(), sut.next()].sort()).toEqual(['http://a:1', 'http://b:1']);
  });
});

import { PlaceNames, Problem } from '@countyflow/kernel';

describe(PlaceNames.name, () => {
  const names = new PlaceNames();

  it('names a village and every level above it from the dataset', async () => {
    expect(await names.path('360722105201')).toEqual([
      { code: '36', level: 'province', name: '江西省' },
      { code: '3607', level: 'city', name: '赣州市' },
      { code: '360722', level: 'county', name: '信丰县' },
      { code: '360722105', level: 'town', name: '安西镇' },
      { code: '360722105201', level: 'village', name: '安芫村委会' },
    ]);
  });

  it('lists the level below a code in code order: a county’s towns, a town’s villages', async () => {
    const towns = await names.children('360722');
    expect(towns.length).toBeGreaterThan(10);
    expect(towns.every((town) => town.level === 'town' && town.code.startsWith('360722'))).toBe(true);
    expect(towns.map((town) => town.code)).toEqual([...towns.map((town) => town.code)].sort());
    expect(towns).toContainEqual({ code: '360722105', level: 'town', name: '安西镇' });
    const villages = await names.children('360722105');
    expect(villages).toContainEqual({ code: '360722105201', level: 'village', name: '安芫村委会' });
    expect(villages.every((village) => village.code.length === 12)).toBe(true);
    expect((await names.children('36')).map((city) => city.name)).toContain('赣州市');
  });

  it('refuses a code of the wrong shape and names no code the dataset lacks', async () => {
    await expect(names.path('3607221')).rejects.toMatchObject({ code: 'invalid-place-code' });
    await expect(names.path('36072x')).rejects.toBeInstanceOf(Problem);
    await expect(names.path('360722999999')).rejects.toMatchObject({ code: 'place-not-found', status: 404 });
  });

  it('answers many lookups in one county at the same time alike (one read shared while it runs)', async () => {
    const fresh = new PlaceNames();
    const paths = await Promise.all(Array.from({ length: 20 }, () => fresh.path('360722101203')));
    expect(new Set(paths.map((path) => path[4].name))).toEqual(new Set(['樟塘村委会']));
  });
});

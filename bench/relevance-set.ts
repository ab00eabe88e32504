/*
 * The relevance set: what people type and what they must find. Run by `bench/relevance.ts` over the demo county's
 * listings (seeds/demo-county-catalog.ts, county 360722 信丰) and a generated province (bench/province.ts, 100
 * counties). Every query says which results count as relevant (a pattern over the title, and a county when the
 * query names one) and, for the demo county, the listings that must be in the top 5. Add a line for every search
 * bug: the set grows with the bugs it catches.
 */

export type RelevanceKind =
  | 'product word'
  | 'pinyin'
  | 'initials'
  | 'typo'
  | 'traditional'
  | 'synonym'
  | 'county + product'
  | 'attribute word'
  | 'segmentation';

export interface RelevanceQuery {
  kind: RelevanceKind;
  q: string;
  /** A result is relevant when its title matches this (and it lies in `county`, when given). */
  relevant: RegExp;
  county?: string;
  /** Filters sent with the query. */
  filters?: Record<string, string>;
  /** Demo-county titles that must be among the first five results. */
  mustHave?: string[];
}

const q = (
  kind: RelevanceKind,
  query: string,
  relevant: RegExp,
  mustHave: string[] = [],
  extra: Partial<RelevanceQuery> = {},
): RelevanceQuery => ({ kind, q: query, relevant, mustHave, ...extra });

/** Counties of the generated province named in queries: code and place name (bench/province.ts). */
export const XUNWU = '360734';
export const ANYUAN = '360726';
export const RUIJIN = '360781';
export const YUDU = '360731';
export const XINGGUO = '360732';
export const XINFENG = '360722';

const ORANGE = /脐橙|橙/;
const MANDARIN = /桔|橘/;

export const RELEVANCE_SET: RelevanceQuery[] = [
  // product words, as they stand in titles
  q('product word', '脐橙', /脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('product word', '赣南脐橙', /赣南脐橙/, ['赣南脐橙 10斤家庭装']),
  q('product word', '信丰脐橙', /信丰脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('product word', '红瓜子', /红瓜子/, ['信丰红瓜子 原味 500g']),
  q('product word', '板鸭', /板鸭/, ['信丰板鸭 整只 约750g']),
  q('product word', '萝卜干', /萝卜干/, ['信丰萝卜干 香辣味 500g']),
  q('product word', '山茶油', /山茶油/, ['信丰山茶油 压榨一级 2.5L']),
  q('product word', '甜玉米', /甜玉米/, ['信丰甜玉米 鲜穗 10根装']),
  q('product word', '土蜂蜜', /土蜂蜜/, ['油山土蜂蜜 百花蜜 500g']),
  q('product word', '蜂蜜', /蜂蜜|蜜/, ['紫云英蜂蜜 500g']),
  q('product word', '香菇', /香菇/, ['鲜香菇 5斤装']),
  q('product word', '木耳', /木耳/, ['秋木耳 250g']),
  q('product word', '冬笋', /冬笋/, ['崇仙鲜冬笋 5斤装']),
  q('product word', '笋干', /笋干/, ['农家笋干 500g']),
  q('product word', '富硒大米', /富硒大米/, ['信丰富硒大米 5kg']),
  q('product word', '大米', /大米|米/),
  q('product word', '糯米', /糯米/, ['客家糯米 2.5kg']),
  q('product word', '黄瓜', /黄瓜/, ['本地黄瓜 5斤装']),
  q('product word', '红薯', /红薯/, ['西牛红薯 10斤装']),
  q('product word', '土鸡蛋', /土鸡蛋/, ['散养土鸡蛋 30枚']),
  q('product word', '咸鸭蛋', /咸鸭蛋/, ['红心咸鸭蛋 20枚']),
  q('product word', '绿茶', /绿茶/, ['万隆高山绿茶 明前 250g']),
  q('product word', '红茶', /红茶/, ['客家工夫红茶 250g']),
  q('product word', '猕猴桃', /猕猴桃/, ['徐香猕猴桃 5斤装']),
  q('product word', '草莓', /草莓/, ['红颜草莓 3斤装']),
  q('product word', '山羊肉', /山羊/, ['黑山羊肉 带皮 2斤']),
  q('product word', '草鱼', /草鱼/, ['山塘草鱼 现宰 约2kg']),
  q('product word', '尿素', /尿素/, ['尿素 总氮≥46% 50kg']),
  q('product word', '复合肥', /复合肥/, ['复合肥 15-15-15 40kg']),
  q('product word', '水稻种子', /水稻种子/, ['杂交水稻种子 野香优莉丝 1kg']),
  q('product word', '喷雾器', /喷雾/, ['锂电电动喷雾器 16L']),
  q('product word', '电饭煲', /电饭煲/, ['智能电饭煲 4L']),
  q('product word', '洗衣机', /洗衣机/, ['全自动波轮洗衣机 8公斤']),
  q('product word', '电动三轮车', /电动三轮车/, ['载货电动三轮车 60V']),
  q('product word', '智能手机', /手机/, ['5G 智能手机 8+256G']),
  q('product word', '铁锅', /锅/, ['手工锻打铁锅 32cm']),
  q('product word', '沙田柚', /沙田柚/),
  q('product word', '冰糖橙', /冰糖橙/),
  q('product word', '蓝莓', /蓝莓/),
  q('product word', '小龙虾', /小龙虾/),
  q('product word', '菜籽油', /菜籽油/),
  q('product word', '黑木耳', /黑木耳/),
  q('product word', '猪饲料', /猪饲料/),
  q('product word', '除草剂', /除草剂/),

  // full pinyin, as typed on a phone keyboard without tones
  q('pinyin', 'qicheng', /脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('pinyin', 'qi cheng', /脐橙/),
  q('pinyin', 'gannanqicheng', /赣南脐橙/, ['赣南脐橙 10斤家庭装']),
  q('pinyin', 'xinfengqicheng', /信丰脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('pinyin', 'hongguazi', /红瓜子/, ['信丰红瓜子 原味 500g']),
  q('pinyin', 'banya', /板鸭/, ['信丰板鸭 整只 约750g']),
  q('pinyin', 'luobogan', /萝卜干/, ['信丰萝卜干 香辣味 500g']),
  q('pinyin', 'shanchayou', /山茶油/, ['信丰山茶油 压榨一级 2.5L']),
  q('pinyin', 'fengmi', /蜂蜜/, ['紫云英蜂蜜 500g']),
  q('pinyin', 'xianggu', /香菇/, ['鲜香菇 5斤装']),
  q('pinyin', 'dami', /大米/, ['信丰富硒大米 5kg']),
  q('pinyin', 'fuxidami', /富硒大米/, ['信丰富硒大米 5kg']),
  q('pinyin', 'niaosu', /尿素/, ['尿素 总氮≥46% 50kg']),
  q('pinyin', 'fuhefei', /复合肥/, ['复合肥 15-15-15 40kg']),
  q('pinyin', 'dianfanbao', /电饭煲/, ['智能电饭煲 4L']),
  q('pinyin', 'xiyiji', /洗衣机/, ['全自动波轮洗衣机 8公斤']),
  q('pinyin', 'mihoutao', /猕猴桃/, ['徐香猕猴桃 5斤装']),
  q('pinyin', 'caomei', /草莓/, ['红颜草莓 3斤装']),
  q('pinyin', 'lvcha', /绿茶/, ['万隆高山绿茶 明前 250g']),
  q('pinyin', 'hongshu', /红薯/, ['西牛红薯 10斤装']),
  q('pinyin', 'mijie', /蜜桔/),
  q('pinyin', 'shatianyou', /沙田柚/),
  q('pinyin', 'lanmei', /蓝莓/),
  q('pinyin', 'xiaolongxia', /小龙虾/),
  q('pinyin', 'caiziyou', /菜籽油/),
  q('pinyin', 'heimuer', /黑木耳/),
  q('pinyin', 'tuzhurou', /土猪肉/),
  q('pinyin', 'QiCheng', /脐橙/),

  // initials
  q('initials', 'qc', /脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('initials', 'gnqc', /赣南脐橙/, ['赣南脐橙 10斤家庭装']),
  q('initials', 'xfqc', /信丰脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('initials', 'hgz', /红瓜子/, ['信丰红瓜子 原味 500g']),
  q('initials', 'scy', /山茶油/, ['信丰山茶油 压榨一级 2.5L']),
  q('initials', 'lbg', /萝卜干/, ['信丰萝卜干 香辣味 500g']),
  q('initials', 'fxdm', /富硒大米/, ['信丰富硒大米 5kg']),
  q('initials', 'dfb', /电饭煲/, ['智能电饭煲 4L']),
  q('initials', 'fhf', /复合肥/, ['复合肥 15-15-15 40kg']),
  q('initials', 'mht', /猕猴桃/, ['徐香猕猴桃 5斤装']),
  q('initials', 'xlx', /小龙虾/),
  q('initials', 'stz', /沙田柚/),
  q('initials', 'bttg', /冰糖橙/),
  q('initials', 'hme', /黑木耳/),
  q('initials', 'czy', /菜籽油/),

  // one wrong character (often a homophone the input method offered first)
  q('typo', '信风脐橙', /信丰脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('typo', '脐澄', /脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('typo', '赣南齐橙', /赣南脐橙/, ['赣南脐橙 10斤家庭装']),
  q('typo', '红瓜籽', /红瓜子/, ['信丰红瓜子 原味 500g']),
  q('typo', '萝卜乾', /萝卜干/, ['信丰萝卜干 香辣味 500g']),
  q('typo', '山茶由', /山茶油/, ['信丰山茶油 压榨一级 2.5L']),
  q('typo', '富锡大米', /富硒大米/, ['信丰富硒大米 5kg']),
  q('typo', '电饭包', /电饭煲/, ['智能电饭煲 4L']),
  q('typo', '复和肥', /复合肥/, ['复合肥 15-15-15 40kg']),
  q('typo', '尿速', /尿素/, ['尿素 总氮≥46% 50kg']),
  q('typo', '猕猴挑', /猕猴桃/, ['徐香猕猴桃 5斤装']),
  q('typo', '洗衣几', /洗衣机/, ['全自动波轮洗衣机 8公斤']),
  q('typo', '板丫', /板鸭/, ['信丰板鸭 整只 约750g']),
  q('typo', '沙天柚', /沙田柚/),
  q('typo', '小龙霞', /小龙虾/),
  q('typo', '冰唐橙', /冰糖橙/),
  q('typo', '黑木尔', /黑木耳/),
  q('typo', '菜子油', /菜籽油/),
  q('typo', '赣南脐檬', /赣南脐橙/, ['赣南脐橙 10斤家庭装']),
  q('typo', '红心猕猴梨', /红心猕猴桃/),

  // traditional characters
  q('traditional', '臍橙', /脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('traditional', '贛南臍橙', /赣南脐橙/, ['赣南脐橙 10斤家庭装']),
  q('traditional', '信豐臍橙', /信丰脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('traditional', '紅瓜子', /红瓜子/, ['信丰红瓜子 原味 500g']),
  q('traditional', '板鴨', /板鸭/, ['信丰板鸭 整只 约750g']),
  q('traditional', '蘿蔔乾', /萝卜干/, ['信丰萝卜干 香辣味 500g']),
  q('traditional', '蜂蜜 禮盒', /蜂蜜|蜜/, ['土蜂蜜 双瓶礼盒']),
  q('traditional', '電飯煲', /电饭煲/, ['智能电饭煲 4L']),
  q('traditional', '洗衣機', /洗衣机/, ['全自动波轮洗衣机 8公斤']),
  q('traditional', '獼猴桃', /猕猴桃/, ['徐香猕猴桃 5斤装']),
  q('traditional', '綠茶', /绿茶/, ['万隆高山绿茶 明前 250g']),
  q('traditional', '復合肥', /复合肥/, ['复合肥 15-15-15 40kg']),
  q('traditional', '黑木耳', /黑木耳/),
  q('traditional', '小龍蝦', /小龙虾/),
  q('traditional', '藍莓', /蓝莓/),

  // everyday words (the shipped synonym list)
  q('synonym', '橙子', ORANGE, ['信丰脐橙 现摘现发 5斤装']),
  q('synonym', '桔子', MANDARIN, ['农家蜜桔 5斤装']),
  q('synonym', '橘子', MANDARIN, ['农家蜜桔 5斤装']),
  q('synonym', '柚子', /柚/, ['信丰沙田柚 2个装']),
  q('synonym', '化肥', /肥|尿素|氯化钾|过磷酸钙/, ['尿素 总氮≥46% 50kg', '复合肥 15-15-15 40kg']),
  q('synonym', '农药', /菌素|吡虫啉|多菌灵|代森锰锌|草铵膦|噻虫嗪|石硫合剂|杆菌|霉素|杀虫剂|除草剂/),
  q('synonym', '番茄', /西红柿|番茄|圣女果/),
  q('synonym', '地瓜', /红薯/, ['西牛红薯 10斤装']),
  q('synonym', '番薯', /红薯/, ['西牛红薯 10斤装']),
  q('synonym', '洋芋', /土豆|马铃薯/),
  q('synonym', '马铃薯', /土豆|马铃薯/),
  q('synonym', '苞谷', /玉米/, ['信丰甜玉米 鲜穗 10根装']),
  q('synonym', '奇异果', /猕猴桃/, ['徐香猕猴桃 5斤装']),
  q('synonym', '蘑菇', /菇|木耳|竹荪/, ['鲜香菇 5斤装']),
  q('synonym', '电瓶车', /电动/, ['新国标电动自行车 48V']),
  q('synonym', '电饭锅', /电饭煲/, ['智能电饭煲 4L']),
  q('synonym', '酱油', /生抽|酱油/, ['特级酿造生抽 1.9L']),
  q('synonym', '方便面', /面/, ['红烧牛肉面 24袋 整箱']),
  q('synonym', '卫生纸', /纸/, ['卷纸 4层 27卷']),
  q('synonym', '菜油', /菜籽油/),
  q('synonym', '蜂糖', /蜂蜜|蜜/, ['油山土蜂蜜 百花蜜 500g']),
  q('synonym', '腊鸭', /板鸭|腊鸭/, ['信丰板鸭 整只 约750g']),
  q('synonym', '耕地机', /微耕机|旋耕机/, ['柴油微耕机 旋耕机']),
  q('synonym', '杀虫药', /杀虫剂|菌素|吡虫啉|噻虫嗪|杆菌/),
  q('synonym', '猪肉', /猪肉/),

  // a county and a product in one query
  q('county + product', '信丰 脐橙', /脐橙/, ['信丰脐橙 现摘现发 5斤装'], { county: XINFENG }),
  q('county + product', '信丰红瓜子', /红瓜子/, ['信丰红瓜子 原味 500g'], { county: XINFENG }),
  q('county + product', '寻乌 蜜桔', /蜜桔/, [], { county: XUNWU }),
  q('county + product', '寻乌蜜桔', /蜜桔/, [], { county: XUNWU }),
  q('county + product', '安远 脐橙', /脐橙/, [], { county: ANYUAN }),
  q('county + product', '瑞金 大米', /大米/, [], { county: RUIJIN }),
  q('county + product', '于都 香菇', /香菇/, [], { county: YUDU }),
  q('county + product', '兴国 绿茶', /绿茶/, [], { county: XINGGUO }),
  q('county + product', '寻乌 复合肥', /复合肥/, [], { county: XUNWU }),
  q('county + product', '瑞金 红薯', /红薯/, [], { county: RUIJIN }),
  q('county + product', '安远 山茶油', /山茶油/, [], { county: ANYUAN }),
  q('county + product', '于都 蜂蜜', /蜂蜜/, [], { county: YUDU }),
  q('county + product', '脐橙', /脐橙/, [], { county: ANYUAN, filters: { countyCode: ANYUAN } }),
  q('county + product', '大米', /大米/, [], { county: RUIJIN, filters: { countyCode: RUIJIN } }),
  q('county + product', 'qicheng', /脐橙/, [], { county: XUNWU, filters: { countyCode: XUNWU } }),

  // attribute words: packing, grade, certification, storage
  q('attribute word', '脐橙 礼盒', /脐橙.*礼盒|礼盒.*脐橙/, ['信丰脐橙 特级果 礼盒装']),
  q('attribute word', '脐橙 5斤装', /脐橙.*5斤|5斤.*脐橙/, ['信丰脐橙 现摘现发 5斤装']),
  q('attribute word', '有机 脐橙', /脐橙/, ['信丰脐橙 有机种植 5斤装']),
  q('attribute word', '蜂蜜 礼盒', /蜜.*礼盒|礼盒.*蜜/, ['土蜂蜜 双瓶礼盒']),
  q('attribute word', '红瓜子 礼盒', /红瓜子.*礼盒/, ['信丰红瓜子 礼盒 1kg']),
  q('attribute word', '板鸭 礼盒', /板鸭.*礼盒/, ['信丰板鸭 两只礼盒装']),
  q('attribute word', '大米 10kg', /大米.*10kg|米.*10kg/, ['信丰富硒大米 10kg']),
  q('attribute word', '速冻玉米', /速冻.*玉米/, ['速冻甜玉米粒 1kg']),
  q('attribute word', '散养土鸡', /散养土鸡/, ['散养土鸡 整只 约1.5kg']),
  q('attribute word', '脐橙 特级', /脐橙/, ['信丰脐橙 特级果 礼盒装']),
  q('attribute word', '高钾复合肥', /高钾复合肥/, ['高钾复合肥 17-17-17 40kg']),
  q('attribute word', '变频 洗衣机', /变频/, ['滚筒洗衣机 10公斤 变频']),
  q('attribute word', '脐橙 包邮', /脐橙.*包邮/),
  q('attribute word', '大米 精选', /大米.*精选/),
  q('attribute word', '蓝莓 现摘现发', /蓝莓.*现摘现发/),

  // words run together, which segmentation splits
  q('segmentation', '脐橙礼盒', /脐橙.*礼盒|礼盒.*脐橙/, ['信丰脐橙 特级果 礼盒装']),
  q('segmentation', '信丰脐橙5斤装', /信丰脐橙.*5斤/, ['信丰脐橙 现摘现发 5斤装']),
  q('segmentation', '红瓜子礼盒', /红瓜子.*礼盒/, ['信丰红瓜子 礼盒 1kg']),
  q('segmentation', '板鸭礼盒', /板鸭.*礼盒/, ['信丰板鸭 两只礼盒装']),
  q('segmentation', '土蜂蜜礼盒', /蜜.*礼盒/, ['土蜂蜜 双瓶礼盒']),
  q('segmentation', '富硒大米10kg', /大米.*10kg/, ['信丰富硒大米 10kg']),
  q('segmentation', '山茶油桶装', /山茶油.*桶装/, ['信丰山茶油 5L 桶装']),
  q('segmentation', '蓝莓产地直发', /蓝莓.*产地直发/),
  q('segmentation', '寻乌蜜桔包邮', /蜜桔.*包邮/, [], { county: XUNWU }),
  q('segmentation', '散养土鸡蛋礼盒', /土鸡蛋.*礼盒/, ['散养土鸡蛋 60枚 礼盒']),
];
